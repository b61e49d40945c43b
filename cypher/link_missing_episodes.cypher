// Link episodes to the child, where they were found, who they were missing with, the agency.
UNWIND $rows AS row
MATCH (e:MissingEpisode {agency: row.agency, source_ref: row.source_ref})
MERGE (a:Agency {name: row.agency})
MERGE (e)-[:REPORTED_BY]->(a)
WITH e, row
CALL (e, row) {
  MATCH (:AgencyRecord {agency: row.agency, source_ref: row.person_ref})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[m:OF {via: row.agency + '/' + row.person_ref}]->(p)
    ON CREATE SET m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS children
}
CALL (e, row) {
  UNWIND row.found_location_ids AS location_id
  MATCH (l:Location {location_id: location_id})
  MERGE (e)-[m:FOUND_AT]->(l)
    ON CREATE SET m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS places
}
CALL (e, row) {
  UNWIND row.missing_with AS ref
  MATCH (:AgencyRecord {agency: row.agency, source_ref: ref})-[:REFERS_TO]->(p:Person)
  MERGE (e)-[m:MISSING_WITH {via: row.agency + '/' + ref}]->(p)
    ON CREATE SET m.agency = row.agency, m.source_ref = row.source_ref
  RETURN count(*) AS companions
}
RETURN count(*) AS linked

// Erase one person: their agency records, the missing episodes recorded of them, their risk
// assessments, the links reports and other episodes make to them, and the person node itself
// (which drops cohort memberships and cluster MEMBER_OF links), and duplicate-person candidates
// naming them, and the lead professionals named for them (their dated assignments, current or
// ended: they name who worked with the child). Intelligence reports stay, minus
// their MENTIONS of the person; other episodes lose the erased records from `missing_with_refs`.
MATCH (p:Person {person_id: $person_id})
OPTIONAL MATCH (r:AgencyRecord)-[:REFERS_TO]->(p)
WITH p, collect(DISTINCT r) AS records
WITH p, records, [r IN records | r.record_key] AS record_keys
CALL (p) {
  OPTIONAL MATCH (p)<-[m:MENTIONS]-(:Intelligence)
  DELETE m
  RETURN count(m) AS mentions
}
CALL (p, record_keys) {
  OPTIONAL MATCH (p)<-[w:MISSING_WITH]-(other:MissingEpisode)
  WHERE NOT EXISTS { (other)-[:OF]->(p) }
  SET other.missing_with_refs = [x IN coalesce(other.missing_with_refs, [])
                                 WHERE NOT (other.agency + '/' + x) IN record_keys]
  DELETE w
  RETURN count(w) AS companions
}
CALL (p) {
  OPTIONAL MATCH (p)<-[:OF]-(e:MissingEpisode)
  DETACH DELETE e
  RETURN count(e) AS episodes
}
CALL (p) {
  OPTIONAL MATCH (a:RiskAssessment)-[:ASSESSES]->(p)
  DETACH DELETE a
  RETURN count(a) AS assessments
}
CALL (p) {
  OPTIONAL MATCH (c:ResolveCandidate)
  WHERE c.person_a = p.person_id OR c.person_b = p.person_id
  DETACH DELETE c
  RETURN count(c) AS candidates
}
CALL (p) {
  OPTIONAL MATCH (a:LeadAssignment {person_id: p.person_id})
  DETACH DELETE a
  RETURN count(a) AS lead_assignments
}
CALL (p) {
  OPTIONAL MATCH (p)-[l]-()
  WHERE NOT type(l) IN ['REFERS_TO']
  RETURN count(l) AS links
}
FOREACH (r IN records | DETACH DELETE r)
DETACH DELETE p
RETURN size(records) AS agency_records, episodes, assessments, mentions, companions, links,
       candidates, lead_assignments

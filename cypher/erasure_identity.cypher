// What identifies a person before erasure: the person node and every agency record of them
// (absorbed people's records were moved to their survivor), for tombstones and for finding
// free text and rejects rows that still name them.
MATCH (p:Person {person_id: $person_id})
RETURN p {.*} AS person,
       [(r:AgencyRecord)-[:REFERS_TO]->(p) | r {.agency, .source_ref, .first_name, .last_name,
                                              .aliases, .nhs_number, .date_of_birth}] AS records

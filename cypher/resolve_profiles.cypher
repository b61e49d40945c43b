// Every person with their agency records, for a search for duplicates. Pending records
// (referenced but never sent) carry no values and are left out. Each record brings the missing
// episodes its agency recorded of the child (`OF.via` names the record): a council's SSD record
// has no name, and the same absence recorded by police and the council is evidence of one child.
MATCH (r:AgencyRecord)-[:REFERS_TO]->(p:Person)
WHERE r.pending IS NULL
WITH p, collect(r {.record_key, .agency, .source_ref, .role, .first_name, .last_name, .aliases,
                   .date_of_birth, .gender, .nhs_number, .postcode,
                   missing_episodes: [(p)<-[o:OF]-(e:MissingEpisode) WHERE o.via = r.record_key |
                                      {episode_id: e.episode_id,
                                       at: e.reported_missing_at.epochSeconds,
                                       date_only: 'reported_missing_at' IN coalesce(e.date_only, []),
                                       absence: coalesce(e.absence_type, 'missing')}]}) AS records
RETURN p.person_id AS person_id, records

// Some people (by id) with their agency records and each record's missing episodes (see
// resolve_profiles), for explaining or re-scoring candidates.
UNWIND $person_ids AS person_id
MATCH (p:Person {person_id: person_id})<-[:REFERS_TO]-(r:AgencyRecord)
WHERE r.pending IS NULL
WITH p, collect(r {.record_key, .agency, .source_ref, .role, .first_name, .last_name, .aliases,
                   .date_of_birth, .gender, .nhs_number, .postcode,
                   missing_episodes: [(p)<-[o:OF]-(e:MissingEpisode) WHERE o.via = r.record_key |
                                      {episode_id: e.episode_id,
                                       at: e.reported_missing_at.epochSeconds,
                                       date_only: 'reported_missing_at' IN coalesce(e.date_only, []),
                                       absence: coalesce(e.absence_type, 'missing')}]}) AS records
RETURN p.person_id AS person_id, records

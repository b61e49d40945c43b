// A person's identity fields, the agency records behind them and the operations they are in.
MATCH (p:Person {person_id: $person_id})
RETURN p {.person_id, .display_name, .first_name, .last_name, .aliases, .date_of_birth, .gender,
          .looked_after, .cp_plan, .child_in_need, .risk_level, .risk_level_source,
          .pending} AS person,
       CASE WHEN p:YoungPerson THEN 'young_person'
            WHEN p:Associate THEN 'associate' ELSE null END AS role,
       COLLECT {
         MATCH (r:AgencyRecord)-[:REFERS_TO]->(p)
         RETURN r {.record_key, .agency, .source_ref, .role, .first_name, .last_name, .aliases,
                   .date_of_birth, .gender, .risk_level, .pending, .imported_at,
                   .data_quality}
       } AS records,
       COLLECT { MATCH (p)-[:IN_COHORT]->(o:Operation) RETURN o.operation_id } AS operations

// Reports behind the new links between an adult and a young person that an analysis run raised:
// its `new_link` alerts between an associate and a young person, and its
// `adult_new_young_people` alerts (an adult newly linked to several young people).
MATCH (al:Alert)-[:RAISED_IN]->(:AnalysisRun {run_id: $run_id})
WHERE al.kind = 'adult_new_young_people'
   OR (al.kind = 'new_link'
       AND EXISTS { MATCH (a:Associate) WHERE a.person_id IN al.subject_ids }
       AND EXISTS { MATCH (y:YoungPerson) WHERE y.person_id IN al.subject_ids })
UNWIND al.evidence_ids AS record
RETURN collect(DISTINCT record) AS records

// Reports behind the new links between an adult and a young person that an analysis run raised:
// its `new_link` alerts between an associate and a young person, and its
// `adult_new_young_people` alerts (an adult newly linked to several young people). Subjects are
// looked up by key, one at a time.
MATCH (al:Alert)-[:RAISED_IN]->(:AnalysisRun {run_id: $run_id})
WHERE al.kind IN ['new_link', 'adult_new_young_people']
CALL (al) {
  UNWIND al.subject_ids AS subject
  MATCH (p:Person {person_id: subject})
  RETURN collect(CASE WHEN p:Associate THEN 'adult' WHEN p:YoungPerson THEN 'young' END) AS roles
}
WITH al, roles
WHERE al.kind = 'adult_new_young_people' OR ('adult' IN roles AND 'young' IN roles)
UNWIND al.evidence_ids AS record
RETURN collect(DISTINCT record) AS records

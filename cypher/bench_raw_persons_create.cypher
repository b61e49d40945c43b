// Bare-write baseline: the people the reports mention, created bare before the timing starts.
UNWIND $person_ids AS pid
CREATE (:Person {person_id: pid})

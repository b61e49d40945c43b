// Bare-write baseline: the agencies the reports are submitted by.
UNWIND $names AS name
MERGE (:Agency {name: name})

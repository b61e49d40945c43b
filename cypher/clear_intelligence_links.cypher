// A changed report's links are rebuilt from its new row: drop the ones it made before.
UNWIND $keys AS key
MATCH (:Intelligence {intel_id: key})-[m:MENTIONS|SUBMITTED_BY]->()
DELETE m
RETURN count(*) AS cleared

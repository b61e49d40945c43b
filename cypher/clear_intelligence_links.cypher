// A changed report's links are rebuilt from its new row: drop the ones it made before.
UNWIND $keys AS key
MATCH (i:Intelligence {agency: key.agency, source_ref: key.source_ref})-[m:MENTIONS]->()
DELETE m
RETURN count(*) AS cleared

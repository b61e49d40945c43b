// A changed episode's links are rebuilt from its new row: drop the ones it made before.
UNWIND $keys AS key
MATCH (e:MissingEpisode {agency: key.agency, source_ref: key.source_ref})-[m:OF|FOUND_AT|MISSING_WITH]->()
DELETE m
RETURN count(*) AS cleared

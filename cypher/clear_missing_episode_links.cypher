// A changed episode's links are rebuilt from its new row: drop the ones it made before.
UNWIND $keys AS key
MATCH (:MissingEpisode {episode_id: key})-[m:OF|FOUND_AT|MISSING_WITH]->()
DELETE m
RETURN count(*) AS cleared

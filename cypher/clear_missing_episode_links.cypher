// A changed episode's links are rebuilt from its new row: drop the ones it made before.
// SSD rows only add to an episode, so they never clear it.
UNWIND $keys AS key
MATCH (:MissingEpisode {episode_id: key})-[m:OF|FOUND_AT|MISSING_WITH]->()
DELETE m
RETURN count(*) AS cleared

// The content hashes of each episode of a batch that is already stored (exchange and SSD
// extracts keep their own): rows whose hash matches are unchanged and not sent again.
UNWIND $keys AS key
MATCH (e:MissingEpisode {episode_id: key})
RETURN key, e.row_hash AS hash, e.ssd_row_hash AS ssd_hash

// The rejects reports import runs wrote, where the run recorded their path.
MATCH (r:ImportRun)
WHERE r.rejects_path IS NOT NULL
RETURN DISTINCT r.rejects_path AS path, r.agency AS agency

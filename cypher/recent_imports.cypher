// The latest imported files, newest first.
MATCH (run:ImportRun)
RETURN run.agency AS agency, run.file_name AS file_name, run.record_type AS record_type,
       run.read AS read, run.landed AS landed, run.changed AS changed, run.rejected AS rejected,
       run.pending_refs AS pending_refs, run.finished_at AS finished_at
ORDER BY run.finished_at DESC
LIMIT $limit

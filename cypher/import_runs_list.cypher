// Past imports, newest first: one row per file and import run, with its counts and report.
MATCH (run:ImportRun)
WHERE $agency IS NULL OR run.agency = $agency
RETURN run {.run_id, .agency, .file_name, .record_type, .read, .landed, .changed, .rejected,
            .pending_refs, .dropped, .kept_as_other, .not_recorded, .mapped, .profile,
            .rejects_path, .imported_by, .finished_at} AS run
ORDER BY run.finished_at DESC, run.run_id
SKIP $skip LIMIT $limit

// Analysis runs, newest first, without their large result fields.
MATCH (run:AnalysisRun)
RETURN run {.run_id, .run_at, .backend, .code_version, .window_start, .window_end, .graph_nodes,
            .graph_edges, .cluster_count, .alert_count, .params_json, .timings_json} AS run
ORDER BY run.run_at DESC
LIMIT $limit

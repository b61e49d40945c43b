// The clusters of one run with their members and summaries.
MATCH (cl:Cluster {run_id: $run_id})
RETURN cl.cluster_id AS cluster_id, cl.members AS members, cl.summary_json AS summary_json
ORDER BY cl.size DESC, cl.cluster_id

// Every cluster id ever issued, so a new cluster never reuses one.
MATCH (cl:Cluster)
RETURN DISTINCT cl.cluster_id AS cluster_id

// The latest analysis run with its clusters' sizes (read defensively: a run's clusters are those
// carrying its run_id or linked to it; sizes from stored lists or from MEMBER_OF links).
MATCH (run:AnalysisRun)
WITH run ORDER BY coalesce(run.run_at, run.started_at) DESC LIMIT 1
RETURN run.run_id AS run_id,
       coalesce(run.run_at, run.started_at) AS run_at,
       run.hotspot_count AS hotspot_count,
       run.hotspots_json AS hotspots_json,
       COLLECT {
         MATCH (c:Cluster)
         WHERE c.run_id = run.run_id OR EXISTS { (c)--(run) }
         WITH DISTINCT c
         RETURN {
           cluster_id: coalesce(c.cluster_id, c.cluster_key),
           members: coalesce(size(c.members), c.size, COUNT { (c)<-[:MEMBER_OF]-(:Person) }),
           young_people: coalesce(size(c.young_people), COUNT { (c)<-[:MEMBER_OF]-(:YoungPerson) }),
           adults: coalesce(size(c.associates), COUNT { (c)<-[:MEMBER_OF]-(:Associate) })
         }
       } AS clusters

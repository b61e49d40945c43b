// The run's clusters, each linked to its run and to its member people.
MATCH (run:AnalysisRun {run_id: $run_id})
UNWIND $clusters AS c
CREATE (cl:Cluster {cluster_key: $run_id + '/' + c.cluster_id})
SET cl.cluster_id = c.cluster_id, cl.run_id = $run_id, cl.size = c.size, cl.members = c.members,
    cl.young_people = c.young_people, cl.associates = c.associates,
    cl.new_members = c.new_members, cl.growth = c.growth, cl.summary_json = c.summary_json
CREATE (cl)-[:IN_RUN]->(run)
WITH cl, c
UNWIND c.members AS person_id
MATCH (p:Person {person_id: person_id})
CREATE (p)-[:MEMBER_OF]->(cl)
RETURN count(*) AS memberships

// Agency person records with their last activity: the latest report or episode made through the
// record (its `via`), else when the record last arrived or changed.
MATCH (r:AgencyRecord)-[:REFERS_TO]->(p:Person)
CALL (r, p) {
  OPTIONAL MATCH (p)<-[m:MENTIONS]-(i:Intelligence)
  WHERE m.via = r.record_key
  RETURN max(i.reported_at) AS last_report
}
CALL (r, p) {
  OPTIONAL MATCH (p)<-[o:OF|MISSING_WITH]-(e:MissingEpisode)
  WHERE o.via = r.record_key
  RETURN max(e.reported_missing_at) AS last_episode
}
WITH r, p, [x IN [last_report, last_episode] WHERE x IS NOT NULL] AS activity,
     coalesce(r.changed_at, r.imported_at) AS touched
WITH r, p, CASE WHEN size(activity) = 0 THEN touched
               WHEN size(activity) = 1 THEN activity[0]
               WHEN activity[0] > activity[1] THEN activity[0] ELSE activity[1] END AS last_activity
WHERE last_activity < $cutoff
RETURN r.record_key AS record_id, r.agency AS agency, last_activity AS reported_at,
       [p.person_id] AS person_ids
ORDER BY reported_at, record_id

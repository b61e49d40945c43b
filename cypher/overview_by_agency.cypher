// Records each agency has contributed, by type.
CALL () {
  MATCH (n:AgencyRecord) WHERE n.pending IS NULL RETURN n.agency AS agency, 'people' AS kind, count(n) AS count
  UNION ALL MATCH (n:Location) WHERE n.pending IS NULL RETURN n.agency AS agency, 'locations' AS kind, count(n) AS count
  UNION ALL MATCH (n:Intelligence) RETURN n.agency AS agency, 'intelligence' AS kind, count(n) AS count
  UNION ALL MATCH (n:MissingEpisode) RETURN n.agency AS agency, 'missing_episodes' AS kind, count(n) AS count
}
RETURN agency, kind, count
ORDER BY agency, kind

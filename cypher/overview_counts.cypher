// Node counts per record type for the overview page.
CALL () {
  MATCH (n:YoungPerson) RETURN 'young_people' AS kind, count(n) AS count
  UNION ALL MATCH (n:Associate) RETURN 'associates' AS kind, count(n) AS count
  UNION ALL MATCH (n:Person) WHERE n.pending = true RETURN 'people_awaiting_record' AS kind, count(n) AS count
  UNION ALL MATCH (n:AgencyRecord) RETURN 'agency_records' AS kind, count(n) AS count
  UNION ALL MATCH (n:Location) RETURN 'locations' AS kind, count(n) AS count
  UNION ALL MATCH (n:Intelligence) RETURN 'intelligence' AS kind, count(n) AS count
  UNION ALL MATCH (n:MissingEpisode) RETURN 'missing_episodes' AS kind, count(n) AS count
  UNION ALL MATCH (n:Vehicle) RETURN 'vehicles' AS kind, count(n) AS count
  UNION ALL MATCH (n:Phone) RETURN 'phones' AS kind, count(n) AS count
  UNION ALL MATCH (n:OnlineAccount) RETURN 'online_accounts' AS kind, count(n) AS count
}
RETURN kind, count

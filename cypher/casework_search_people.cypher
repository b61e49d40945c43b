// People whose name or alias contains $text, or with an agency reference or person id equal to
// $exact (both lower case), optionally only among $scope (an operational user's people).
MATCH (r:AgencyRecord)-[:REFERS_TO]->(p:Person)
WHERE ($scope IS NULL OR p.person_id IN $scope)
  AND (toLower(r.source_ref) = $exact
       OR toLower(r.record_key) = $exact
       OR toLower(p.person_id) = $exact
       OR toLower(coalesce(p.display_name, '')) CONTAINS $text
       OR toLower(trim(coalesce(r.first_name, '') + ' ' + coalesce(r.last_name, ''))) CONTAINS $text
       OR any(alias IN coalesce(r.aliases, []) WHERE toLower(alias) CONTAINS $text))
WITH DISTINCT p
ORDER BY p.display_name, p.person_id
LIMIT $limit
RETURN p.person_id AS person_id

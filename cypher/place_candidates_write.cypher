// Write open place candidates found by a search. A pair already rejected keeps its decision; a
// pair seen before in any other state is opened again with the new score.
UNWIND $rows AS row
MERGE (c:PlaceCandidate {candidate_id: row.candidate_id})
  ON CREATE SET c.status = 'open', c.found_at = $now
WITH c, row
WHERE c.status <> 'rejected'
SET c.place_a = row.place_a,
    c.place_b = row.place_b,
    c.records_a = row.records_a,
    c.records_b = row.records_b,
    c.score = row.score,
    c.contributions = row.contributions,
    c.automatic = row.automatic,
    c.status = 'open',
    c.found_at = $now,
    c.decided_by = null,
    c.decided_at = null,
    c.reason = null,
    c.merge_id = null
RETURN count(c) AS written

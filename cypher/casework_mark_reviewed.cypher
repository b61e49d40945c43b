// Mark reports reviewed by the practice lead; reports already reviewed keep their first review.
// Returns the ids that changed.
UNWIND $intel_ids AS intel_id
MATCH (i:Intelligence {intel_id: intel_id})
WHERE i.reviewed_at IS NULL
SET i.reviewed_at = $now, i.reviewed_by = $by
RETURN i.intel_id AS intel_id

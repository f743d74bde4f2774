-- Every stored claim appears once, where it was first seen: its own source, evidence and outlet, at
-- position 0. One INSERT…SELECT in claim id order (the primary key's order), whatever the table holds.
INSERT INTO claim_appearances (claim_id, position, source_id, evidence_start, evidence_end, evidence_text, reported_by_id, published_at, created_at)
SELECT c.id, 0, c.source_id, c.evidence_start, c.evidence_end, c.evidence_text, c.reported_by_id, s.published_at, c.created_at
FROM claims AS c JOIN sources AS s ON s.id = c.source_id
ORDER BY c.id;

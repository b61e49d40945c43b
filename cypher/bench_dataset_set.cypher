// Mark the benchmark server as holding one synthetic dataset.
MERGE (d:BenchDataset {singleton: true})
SET d.key = $key, d.loaded_at = $now
RETURN d.key AS key

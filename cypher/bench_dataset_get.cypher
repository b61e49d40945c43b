// Which synthetic dataset the benchmark server holds (so a benchmark can reuse an import).
OPTIONAL MATCH (d:BenchDataset)
RETURN d.key AS key

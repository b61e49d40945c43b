"""The only code that talks to Neo4j: driver, schema, batched writes, reads returning models."""

__all__: list[str] = []

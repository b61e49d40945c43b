"""The named Cypher statements, shipped inside the package as ``cseboard.cypher`` (data only)."""

__all__: list[str] = []

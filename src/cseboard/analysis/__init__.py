"""Pure analysis of evidence read from the store: graphs, clusters, roles, hotspots, alerts."""

__all__: list[str] = []

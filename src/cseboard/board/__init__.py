"""Streamlit pages and components: they call services only (no Cypher, no networkx)."""

__all__: list[str] = []

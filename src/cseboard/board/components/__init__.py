"""Shared Streamlit components of the board's analysis pages (chart, run captions, navigation)."""

__all__: list[str] = []

"""Use cases the board and CLI ask for; access rules are enforced here, not in pages."""

__all__: list[str] = []

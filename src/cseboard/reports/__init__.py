"""Documents for people outside the board: the meeting pack and the strategic report."""

__all__: list[str] = []

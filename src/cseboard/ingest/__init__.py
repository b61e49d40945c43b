"""Partner file import: read, validate row by row, write good rows in batches, report the rest."""

__all__: list[str] = []

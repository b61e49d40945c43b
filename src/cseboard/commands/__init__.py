"""Command-line sub-apps (typer), registered on the main ``cseboard`` app in ``cli.py``."""

__all__: list[str] = []

"""``python -m cseboard`` runs the CLI."""

from cseboard.cli import app

__all__: list[str] = []

app()

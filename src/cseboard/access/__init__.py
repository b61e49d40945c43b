"""Access control: who may see and do what, pseudonyms, small-number suppression, audit."""

__all__: list[str] = []

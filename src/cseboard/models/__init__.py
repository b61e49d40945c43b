"""Domain and exchange-format models: validation only, no I/O."""

__all__: list[str] = []

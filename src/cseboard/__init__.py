"""Multi-agency intelligence board for child sexual exploitation and missing children."""

__all__ = ["__version__"]

__version__ = "0.1.0"

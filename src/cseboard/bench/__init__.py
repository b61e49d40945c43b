"""Benchmarks: speed and memory are measured here, never asserted as timings in tests."""

__all__: list[str] = []

"""Helpers shared by the test suites (synthetic values only)."""

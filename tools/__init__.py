"""Tools for tests and benchmarks only (not installed with the product)."""

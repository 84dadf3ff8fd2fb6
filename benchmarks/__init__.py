"""Benchmarks: speed is measured here, never in the timed test suite (`make bench`)."""

"""Data-quality suites (installed as yaodian.expectations): checks.yaml and the generated suites/."""

"""Binds every sample feature (features/) to pytest-bdd; run with `pytest tests/data/bdd_sample/sample_scenarios.py`."""

from pytest_bdd import scenarios

scenarios("features")

"""Collects every *.feature file below this folder as pytest tests (pytest-bdd)."""

from pytest_bdd import scenarios

scenarios(".")

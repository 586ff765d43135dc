"""Two step definitions for one sentence: the corpus's ambiguous step (tests/test_broken_features.py)."""

from pytest_bdd import given, parsers


@given(parsers.parse("at dags dato er {dato}"))
def dags_dato(dato):
    """One definition of the sentence."""


@given(parsers.parse("at dags dato er {dato}"))
def dags_dato_igen(dato):
    """The same sentence defined again: the linter must say which two match."""

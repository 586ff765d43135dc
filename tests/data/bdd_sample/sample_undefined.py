"""A scenario with an undefined step, to test the "closest steps" message."""

from pytest_bdd import scenarios

scenarios("undefined")

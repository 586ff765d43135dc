"""golive: contract and integration test harness for the Danish municipal sygesikring solution."""

__version__ = "0.1.0"

"""What several of golive's own tests share: the practice Luna's contract seeds its examples with."""

from __future__ import annotations

from simulators.luna import example_practice

PRACTICE = example_practice()

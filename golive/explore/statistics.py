"""What an exploration did, in the test manager's words: how often each step of the catalogue ran, over every example.

Why: a clean exploration says "no finding", which is only worth as much as what was tried. Hypothesis can count its
rules (`--hypothesis-show-statistics`); a test manager or a vendor reads steps instead, so the explorer's trace is
counted by the catalogued step each line is (docs/STEPS.md): "borger {nr:d} vælger praksis {praksis:d} som læge",
whoever chose whichever practice. explore.json lists them; the console names how many ran and the rarest. Examples
run while Hypothesis shrank a finding count too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

VALUES = re.compile(r"\d{4}-\d{2}-\d{2}|\d+(?:[.,]\d+)?")
STEP_TYPES = {"Givet": "given", "Når": "when", "Så": "then"}  # the explorer writes Danish (golive/explore/writeback)


@dataclass
class Tally:
    """Lines of the explorer's traces, counted by their shape (numbers and dates folded), one example line each."""

    shapes: Counter[str] = field(default_factory=Counter)
    example: dict[str, tuple[str, str]] = field(default_factory=dict)

    def add(self, trace: Iterable[tuple[str, str]]) -> None:
        for keyword, text in trace:
            shape = f"{keyword} {VALUES.sub('N', text)}"
            self.shapes[shape] += 1
            self.example.setdefault(shape, (keyword, text))

    def merge(self, other: Tally) -> None:
        self.shapes.update(other.shapes)
        for shape, line in other.example.items():
            self.example.setdefault(shape, line)

    def by_step(self) -> Counter[str]:
        """The counts by catalogued step pattern (a line no step matches is counted as written: it cannot run)."""
        from golive.catalogue import collect
        from golive.runner import FEATURES

        entries = collect(FEATURES)
        counted: Counter[str] = Counter()
        for shape, n in self.shapes.items():
            keyword, text = self.example[shape]
            step_type = STEP_TYPES.get(keyword, "given")
            entry = next((e for e in entries if e.matches(step_type, text)), None)
            counted[f"{keyword} {entry.pattern}" if entry else f"{keyword} {text}"] += n
        return counted


def summary(steps: Counter[str]) -> str:
    """One line for the console: how many steps of the catalogue ran, and the rarest ones."""
    if not steps:
        return "explore: no step ran"
    rarest = sorted(steps.items(), key=lambda kv: (kv[1], kv[0]))[:3]
    return f"explore: {len(steps)} different steps ran; the rarest: " + "; ".join(f"'{k}' ×{n}" for k, n in rarest)

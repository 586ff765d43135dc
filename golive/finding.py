"""One mistake in a feature file at one place, as `golive lint`, the collection and JUnit report it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One mistake at one place. `line` 0 means the file or folder as a whole."""

    path: str
    line: int
    message: str
    kind: str  # keyword | language | parse | duplicate | undefined | ambiguous | parameter | unused | empty
    severity: str = "error"  # error | warning

    def gcc(self) -> str:
        """`file:line: error: message`, the form compilers print and editors and CI annotations read."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"

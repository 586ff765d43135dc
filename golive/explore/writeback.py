"""A finding written back as a Danish feature file a test manager can read and run (features/fundet/).

The shrunk run's steps are already Danish Gherkin (session.py records each action as the sentence of the step that
performs it, features/steps/udforskning.py), so writing back is layout: keywords (Givet/Når, then Og for a repeat),
the final Then-step that checks every neighbour against the oracle, the tags @fundet and @seed:N, and the replay
command and the prediction beside the observation as comments. Run by pytest-bdd the file fails at the same step, for
the same reason, because the steps call the same session; `golive lint` accepts it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from golive.explore import FOUND_TAG, SEED_TAG
from golive.explore.observe import NEIGHBOUR_WORDS
from golive.explore.words import GIVEN, THEN, WHEN

if TYPE_CHECKING:
    from golive.explore.run import Finding

FOUND_DIR = "fundet"  # features/fundet/: where --write-features puts them
FINAL_STEP = "viser hver nabo det, som oraklet forudsiger"
COMMENT_WIDTH = 300  # a prediction or an observation longer than this is cut in the comment (the report has it whole)


def _comment(text: str) -> str:
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= COMMENT_WIDTH else one_line[: COMMENT_WIDTH - 1] + "…"


def feature_text(finding: Finding) -> str:
    who = NEIGHBOUR_WORDS.get(finding.neighbour or "", ", ".join(finding.blamed))
    lines = [
        "# language: da",
        f"# Fundet af udforskeren (golive explore) med seed {finding.seed}; genafspil: {finding.replay_command()}",
    ]
    if finding.defects:
        lines.append(f"# Den indbyggede fejl i reference-SUT'en: {', '.join(finding.defects)} (GOLIVE_SUT_DEFECTS)")
    if finding.neighbour:
        lines.append(f"# Oraklet forudsagde: {_comment(repr(finding.predicted))}")
        lines.append(f"# {who} viste: {_comment(repr(finding.observed))}")
    else:
        lines.append(f"# Fejlen: {_comment(finding.message)}")
    lines += [
        f"@{FOUND_TAG} @{SEED_TAG}{finding.seed}",
        f"Egenskab: Fundet af udforskeren: {who} viste andet end oraklet forudsagde",
        "  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.",
        "",
        f"  Scenarie: Udforskning med seed {finding.seed}",
    ]
    last = None  # the step type in force: a Given after a When continues the When ("Og"), as the steps allow
    for keyword, text in [*finding.trace, (THEN, FINAL_STEP)]:
        if last is not None and (keyword == last or (keyword == GIVEN and last == WHEN)):
            shown = "Og"
        else:
            shown = last = keyword
        lines.append(f"    {shown} {text}")
    return "\n".join(lines) + "\n"


def file_name(finding: Finding) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(finding.defects) or (finding.neighbour or "fund")).strip("-")
    return f"udforskning-seed-{finding.seed}-{slug}.feature"


def write(finding: Finding, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(finding)
    path.write_text(feature_text(finding), encoding="utf-8")
    return path

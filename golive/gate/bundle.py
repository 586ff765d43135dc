"""The evidence bundle: one archive a board keeps with its decision, and the check that it is what was decided on.

`golive gate --bundle FILE` writes a zip holding the reports the decision read (JUnit, the contract suites, the
data-variation coverage, the selftest, exploration and load records, the trace digests, the Allure report, the
dossier and the gate's own decision), the contracts used, and `manifest.json`: every file's SHA-256 and size, and
the run's metadata. `--verify-bundle FILE` recomputes every checksum: a changed, missing or added file fails it.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

from golive.config import CONTRACTS

MANIFEST = "manifest.json"
# What of a reports folder goes in (globs relative to it); missing ones are simply not there.
REPORT_FILES = (
    "junit.xml",
    "contracts/*.xml",
    "datavariation.json",
    "trace-digests.json",
    "selftest.json",
    "selftest.md",
    "explore/explore.json",
    "load/load.json",
    "allure-report/index.html",
    "dossier.html",
    "gate.json",
)


class BundleError(Exception):
    """The bundle cannot be read at all (not a zip, no manifest): exit 2."""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def members(reports: Path) -> dict[str, Path]:
    """Archive name -> file on disk."""
    found = {}
    for pattern in REPORT_FILES:
        for path in sorted(reports.glob(pattern)):
            if path.is_file():
                found[f"reports/{path.relative_to(reports).as_posix()}"] = path
    for path in sorted(CONTRACTS.rglob("*.yaml")):
        found[f"contracts/{path.relative_to(CONTRACTS).as_posix()}"] = path
    return found


def write(target: Path, reports: Path, metadata: dict) -> Path:
    files = members(reports)
    listed: dict[str, dict] = {}
    manifest = {
        "about": "golive evidence bundle: every file with its SHA-256; verify with `golive gate --verify-bundle`",
        "metadata": metadata,
        "files": listed,
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in files.items():
            data = path.read_bytes()
            listed[name] = {"sha256": _sha256(data), "bytes": len(data)}
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return target


def verify(bundle: Path) -> list[str]:
    """What is wrong with the bundle ([] when every file is there with its checksum and nothing was added)."""
    try:
        archive = zipfile.ZipFile(bundle)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BundleError(f"{bundle}: not a bundle ({exc})") from None
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            raise BundleError(f"{bundle}: no {MANIFEST}: not a golive evidence bundle")
        try:
            listed = json.loads(archive.read(MANIFEST))["files"]
        except (ValueError, KeyError) as exc:
            raise BundleError(f"{bundle}: {MANIFEST} is unreadable ({exc})") from None
        wrong = []
        for name, entry in sorted(listed.items()):
            if name not in names:
                wrong.append(f"{name}: listed in the manifest but missing from the bundle")
            elif _sha256(archive.read(name)) != entry.get("sha256"):
                wrong.append(f"{name}: its SHA-256 differs from the manifest's (changed after the decision)")
        wrong += [
            f"{n}: in the bundle but not in the manifest (added later)"
            for n in sorted(names - set(listed) - {MANIFEST})
        ]
        return wrong

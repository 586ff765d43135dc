"""Every environment variable golive reads, in one place (as moto's settings.py keeps its own).

Why: a vendor's CI and a developer's shell steer golive through these, and each name is documented once here, with
its meaning and default. Nothing else in golive/ reads `os.environ` for a setting; modules that start a child process
pass it `child_environment(...)` (the parent's environment plus what the child must know). simulators/ reads no
environment variable at all: a world is configured by whoever builds it.
"""

from __future__ import annotations

import json
import os

SEED = "GOLIVE_SEED"  # the run seed for generation and fault decisions (default 0)
SUT_URL = "GOLIVE_SUT_URL"  # run the scenarios against this SUT instead of the reference SUT
SIMULATOR_URLS = "GOLIVE_SIMULATOR_URLS"  # JSON {name: base URL}: where `golive run --sut-url` serves the simulators
LOOPBACK = "GOLIVE_LOOPBACK"  # "1": each scenario's simulators served on loopback ports, reached over real HTTP
SUT_DEFECTS = "GOLIVE_SUT_DEFECTS"  # comma-separated defect names the reference SUT is told to commit
REQUIREMENT_URL = "GOLIVE_REQUIREMENT_URL"  # the requirement tracker's URL pattern, `{id}` for the requirement id
REQUIREMENT_ID = "GOLIVE_REQUIREMENT_ID"  # a regular expression every @krav:<id> must match (default below)
SCENARIO_OPERATIONS = "GOLIVE_SCENARIO_OPERATIONS"  # where a scenario run writes the operations it exercised
MAX_EXAMPLES = "GOLIVE_MAX_EXAMPLES"  # examples per operation and phase for the contract suites (default 25)
BEARER_TOKEN = "GOLIVE_BEARER_TOKEN"  # `contracts verify --bearer` when not given on the command line
BASIC_AUTH = "GOLIVE_BASIC_AUTH"  # `contracts verify --basic` (user:password) when not given on the command line
VERIFY_REPORT_DIR = "GOLIVE_VERIFY_REPORT_DIR"  # `contracts verify --report-dir` default (the vendor kit: /reports)
VERIFY_FINDINGS = "GOLIVE_VERIFY_FINDINGS"  # set by golive for schemathesis' hook: where to write each finding
LOAD_PLAN = "GOLIVE_LOAD_PLAN"  # set by `golive load` for the Locust master/single process: the plan (citizens) file
LOAD_OUTCOMES = "GOLIVE_LOAD_OUTCOMES"  # set by `golive load`: where the Locust master writes each citizen's answers
LOAD_BATCH = "GOLIVE_LOAD_BATCH"  # citizens a Locust worker asks the master for at a time (default 50)

DEFAULT_REQUIREMENT_URL = "https://krav.example/{id}"
DEFAULT_REQUIREMENT_ID = r"[A-ZÆØÅ]+-\d+"  # [design] the requirement tracker's ids, e.g. SYG-112


def get(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def given(name: str) -> bool:
    return name in os.environ


def seed() -> int:
    return int(os.environ.get(SEED, "0"))


def sut_url() -> str | None:
    return os.environ.get(SUT_URL) or None


def simulator_urls() -> dict[str, str] | None:
    raw = os.environ.get(SIMULATOR_URLS)
    return json.loads(raw) if raw else None


def loopback() -> bool:
    return os.environ.get(LOOPBACK, "") not in ("", "0")


def sut_defects() -> list[str]:
    return [d.strip() for d in os.environ.get(SUT_DEFECTS, "").split(",") if d.strip()]


def requirement_url_pattern() -> str:
    return os.environ.get(REQUIREMENT_URL, DEFAULT_REQUIREMENT_URL)


def requirement_id_pattern() -> str:
    return os.environ.get(REQUIREMENT_ID, DEFAULT_REQUIREMENT_ID)


def max_examples(default: int) -> int:
    return int(os.environ.get(MAX_EXAMPLES, str(default)))


def child_environment(**extra: str) -> dict[str, str]:
    """The environment for a child process golive starts: this process's, plus `extra`."""
    return {**os.environ, **extra}


def load_plan() -> str | None:
    return os.environ.get(LOAD_PLAN) or None


def load_outcomes() -> str | None:
    return os.environ.get(LOAD_OUTCOMES) or None


def load_batch() -> int:
    return int(os.environ.get(LOAD_BATCH, "50"))

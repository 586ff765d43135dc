"""Named fault profiles: a neighbour's bad day, described once and used from a tag, a step or `golive up --faults`.

Why one place: a test manager says "ustabil Luna" in a scenario (`@fejlprofil:ustabil-luna`, or `Givet
fejlprofilen "ustabil Luna"`), and a developer starts the simulators with the same misbehaviour (`golive up
--faults ustabil-luna`); both must mean the same rules. A profile is data — a list of kernel fault rules per
neighbour, each built by golive/drivers/faults.py (which alone knows the admin API's `FaultRuleInput`) — and nothing
decides at random here: whether the n-th matching call is hit is the kernel's decision from (seed, rule, n)
(simulators/core/faults.py), so a profile under the same seed misbehaves the same way every run.

A profile may say `minutes`: it is then a window of *virtual* time that starts when it is applied (every rule gets
activeFrom = now, activeUntil = now + minutes), and ends when a scenario lets the time pass.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from golive.drivers import faults
from golive.vocabulary import OPERATIONS


@dataclass(frozen=True)
class FaultProfile:
    name: str  # the tag and CLI spelling: ustabil-luna
    title: str  # the words in a step: ustabil Luna
    why: str  # what it imitates, for the step catalogue, `golive up` and the README
    rules: tuple[tuple[str, dict[str, Any]], ...]  # (neighbour, admin API fault rule from golive/drivers/faults.py)
    minutes: int | None = None  # a window of virtual time from when the profile is applied; None: until removed


PROFILES: dict[str, FaultProfile] = {
    p.name: p
    for p in (
        FaultProfile(
            "ustabil-luna",
            "ustabil Luna",
            "Luna on a bad day: one call in five answers 503, one "
            "in twenty loses the connection. A careful SUT retries "
            "with back-off, queues what it cannot finish and never registers a choice twice.",
            (("luna", faults.unavailable(probability=0.2)), ("luna", faults.reset(probability=0.05))),
        ),
        FaultProfile(
            "luna-nedbrud",
            "Luna-nedbrud",
            "Luna is down (503 on every call) for 10 minutes of virtual time from the moment the profile is applied: "
            "doctor choices must be queued and finished when Luna is back, and receipts must say 'pending' meanwhile.",
            (("luna", faults.unavailable()),),
            minutes=10,
        ),
        FaultProfile(
            "langsom-finance",
            "langsom Finance",
            "Finance answers slowly: 50–300 ms on every call (uniform, "
            "seeded). Slow, not broken: nothing may be booked twice.",
            (("finance", faults.slow(50, 300)),),
        ),
        FaultProfile(
            "langsom-luna",
            "langsom Luna",
            "Luna registers doctor choices slowly, 20–60 ms each (uniform, seeded), as in a doctor-choice window's "
            "rush. Slow, not broken: no practice may take more patients than its places, no choice registered twice.",
            (("luna", faults.slow(20, 60, operation=OPERATIONS["registrering"])),),
        ),
        FaultProfile(
            "finance-mister-svar",
            "Finance mister svar",
            "One fee posting in three is booked by Finance but the answer is lost (drop-response): only an "
            "Idempotency-Key kept across retries keeps the citizen from paying twice.",
            (("finance", faults.lost_answer(operation=OPERATIONS["bogføring"], probability=0.33)),),
        ),
        FaultProfile(
            "urolig-servicebus",
            "urolig Servicebus",
            "The Servicebus keeps its promise of at-least-once and "
            "no more: one delivery in ten comes twice, one in ten "
            "is overtaken by the next message, one in ten comes 200 ms late.",
            (
                ("servicebus", faults.bus_duplicate(probability=0.1)),
                ("servicebus", faults.bus_reorder(probability=0.1)),
                ("servicebus", faults.bus_delay(200, probability=0.1)),
            ),
        ),
        FaultProfile(
            "eflyt-nede",
            "E-flyt nede",
            "E-flyt takes no receipts (503) for 10 minutes of virtual "
            "time: the SUT must keep the receipt and deliver it later.",
            (("eflyt", faults.unavailable(operation=OPERATIONS["kvittering"])),),
            minutes=10,
        ),
    )
}


class UnknownProfile(KeyError):
    """No profile by that name; the message lists the known ones."""

    def __str__(self) -> str:
        return str(self.args[0])


def find(name: str) -> FaultProfile:
    """By its name or its title, in any case: "ustabil-luna", "ustabil Luna", "Ustabil luna"."""
    wanted = "-".join(name.strip().strip('"').casefold().split())
    for profile in PROFILES.values():
        if wanted in (profile.name, "-".join(profile.title.casefold().split())):
            return profile
    raise UnknownProfile(f"no fault profile {name!r}; known profiles: {', '.join(PROFILES)}")


def concrete_rules(profile: FaultProfile, now: datetime) -> list[tuple[str, dict[str, Any]]]:
    """The profile's rules as the admin API takes them, a `minutes` window placed from `now` (virtual time)."""
    if profile.minutes is None:
        return [(neighbour, dict(rule)) for neighbour, rule in profile.rules]
    return [(neighbour, faults.within(rule, now, profile.minutes)) for neighbour, rule in profile.rules]


def apply(
    profile: FaultProfile, now: datetime, add: Callable[[str, dict[str, Any]], dict[str, Any]]
) -> list[tuple[str, dict[str, Any]]]:
    """Install every rule through `add(neighbour, rule)` (an admin API POST /__admin/faults); returns what was
    stored."""
    return [(neighbour, add(neighbour, rule)) for neighbour, rule in concrete_rules(profile, now)]


def describe(stored: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """One line per active rule, for `golive up` to print."""
    lines = []
    for neighbour, rule in stored:
        shown = {k: v for k, v in rule.items() if k not in ("matched", "struck") and v is not None}
        lines.append(f"{neighbour:<11} " + " ".join(f"{k}={v}" for k, v in shown.items()))
    return lines

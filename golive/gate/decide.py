"""From evidence to a decision: per integration and overall, each check ready, not ready or without evidence, with
its reason in Danish and English (the dossier shows both; the console and --json the English).

Per integration (every system in the registry: the neighbours and the SUT's own answers): its row of the verdict
table (golive/verdicts.py: the scenarios that exchanged with it, the failures that blame it), its contract suite
(cases run, failures) and its contract's breaking changes. Overall: the scenario run, data-variation coverage,
resilience, exploration, load and the selftest. A check the configuration does not require counts only when its
evidence is there ("not required" otherwise); a required check without evidence is not ready.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from golive import blame
from golive.gate.config import GateConfig
from golive.gate.evidence import Evidence
from golive.verdicts import integration_summary
from simulators import registry

READY, NOT_READY, NO_EVIDENCE, NOT_REQUIRED = "ready", "not ready", "no evidence", "not required"


@dataclass
class Check:
    name: str
    status: str
    en: str
    da: str
    link: str = ""  # into the reports folder, where the evidence is

    @property
    def blocks(self) -> bool:
        return self.status in (NOT_READY, NO_EVIDENCE)


@dataclass
class Decision:
    ready: bool
    integrations: dict[str, list[Check]] = field(default_factory=dict)
    overall: list[Check] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def integration_ready(self, system: str) -> bool:
        return not any(c.blocks for c in self.integrations[system])

    def reasons(self) -> list[str]:
        """Every reason the system is not ready, in English, each naming its integration."""
        found = [f"{blame.label(s)}: {c.en}" for s, checks in self.integrations.items() for c in checks if c.blocks]
        return (
            found + [f"overall: {c.en}" for c in self.overall if c.blocks] + [f"evidence: {p}" for p in self.problems]
        )

    def as_json(self) -> dict:
        return {
            "ready": self.ready,
            "integrations": {
                s: {"ready": self.integration_ready(s), "label": blame.label(s), "checks": [asdict(c) for c in checks]}
                for s, checks in self.integrations.items()
            },
            "overall": [asdict(c) for c in self.overall],
            "reasons": self.reasons(),
            "problems": self.problems,
        }


def _missing(name: str, config: GateConfig, en: str, da: str) -> Check:
    if name in config.require:
        return Check(name, NO_EVIDENCE, f"not ready: no evidence of {en}", f"ikke klar: intet bevis for {da}")
    return Check(name, NOT_REQUIRED, f"no evidence of {en} (not required)", f"intet bevis for {da} (ikke krævet)")


def _titles(names: list[str], limit: int = 3) -> str:
    return "; ".join(names[:limit]) + (f" … ({len(names)} in all)" if len(names) > limit else "")


def integration_checks(system: str, evidence: Evidence, config: GateConfig, row: dict | None) -> list[Check]:
    name = blame.label(system)
    checks = []
    if row is None:
        checks.append(_missing("scenarios", config, f"a scenario run touching {name}", f"en scenariekørsel mod {name}"))
    elif row["failed"]:
        n = len(row["failed"])
        checks.append(
            Check(
                "scenarios",
                NOT_READY,
                f"not ready: {n} scenario(s) failed blaming {name}: {_titles(row['failed'])}",
                f"ikke klar: {n} scenarie(r) fejlede hos {name}",
                "allure-report/index.html",
            )
        )
    elif row["scenarios"] == 0:
        checks.append(
            _missing("scenarios", config, f"a scenario exchanging with {name}", f"et scenarie der udveksler med {name}")
        )
    else:
        checks.append(
            Check(
                "scenarios",
                READY,
                f"{row['scenarios']} scenario(s) exchanged with {name}, none failed",
                f"{row['scenarios']} scenarie(r) udvekslede med {name}, ingen fejlede",
                "allure-report/index.html",
            )
        )
    suite = evidence.contracts.get(system)
    if suite is None:
        checks.append(_missing("contracts", config, f"{name}'s contract suite", f"{name}s kontrakttest"))
    elif suite.failures:
        checks.append(
            Check(
                "contracts",
                NOT_READY,
                f"not ready: {suite.failures} of {suite.cases} contract case(s) failed against {name}'s contract",
                f"ikke klar: {suite.failures} af {suite.cases} kontrakttilfælde fejlede",
                suite.junit,
            )
        )
    elif suite.cases < config.min_contract_cases:
        checks.append(
            Check(
                "contracts",
                NOT_READY,
                f"not ready: only {suite.cases} contract case(s) ran against "
                f"{name}'s contract, {config.min_contract_cases} required",
                f"ikke klar: kun {suite.cases} kontrakttilfælde kørt, {config.min_contract_cases} krævet",
                suite.junit,
            )
        )
    else:
        checks.append(
            Check(
                "contracts",
                READY,
                f"{suite.cases} contract case(s) against {name}'s contract, all conformant",
                f"{suite.cases} kontrakttilfælde, alle overholdt",
                suite.junit,
            )
        )
    breaking = evidence.breaking.get(system)
    if breaking is None:
        checks.append(
            _missing(
                "breaking-changes",
                config,
                f"a released {name} contract to compare with",
                f"en frigivet {name}-kontrakt at sammenligne med",
            )
        )
    elif breaking:
        checks.append(
            Check(
                "breaking-changes",
                NOT_READY,
                f"not ready: {len(breaking)} breaking change(s) in {name}'s "
                f"contract against the released one: {_titles(breaking, 2)}",
                f"ikke klar: {len(breaking)} brydende ændring(er) i {name}s kontrakt",
            )
        )
    else:
        checks.append(
            Check(
                "breaking-changes",
                READY,
                f"no breaking change in {name}'s contract against the released one",
                f"ingen brydende ændringer i {name}s kontrakt",
            )
        )
    return checks


def overall_checks(evidence: Evidence, config: GateConfig) -> list[Check]:
    checks = []
    outcomes = evidence.outcomes
    if outcomes is None:
        checks.append(_missing("scenarios", config, "a scenario run (reports/junit.xml)", "en scenariekørsel"))
    else:
        failed = [o.name for o in outcomes if o.failed]
        ran = [o for o in outcomes if o.status != "skipped"]
        if failed:
            checks.append(
                Check(
                    "scenarios",
                    NOT_READY,
                    f"not ready: {len(failed)} of {len(ran)} scenario(s) failed: {_titles(failed)}",
                    f"ikke klar: {len(failed)} af {len(ran)} scenarier fejlede",
                    "junit.xml",
                )
            )
        elif len(ran) < config.min_scenarios:
            checks.append(
                Check(
                    "scenarios",
                    NOT_READY,
                    f"not ready: {len(ran)} scenario(s) ran, {config.min_scenarios} required",
                    f"ikke klar: {len(ran)} scenarier kørt",
                    "junit.xml",
                )
            )
        else:
            checks.append(
                Check(
                    "scenarios",
                    READY,
                    f"{len(ran)} scenario(s) ran, all passed",
                    f"{len(ran)} scenarier kørt, alle bestået",
                    "junit.xml",
                )
            )
    if not evidence.variation:
        checks.append(
            _missing(
                "variation", config, "data-variation coverage (reports/datavariation.json)", "datavariationens dækning"
            )
        )
    else:
        worst = min(evidence.variation.items(), key=lambda kv: kv[1]["coverage"]["ratio"])
        ratio = worst[1]["coverage"]["ratio"]
        status = READY if ratio >= config.min_pair_coverage else NOT_READY
        prefix = "" if status == READY else "not ready: "
        checks.append(
            Check(
                "variation",
                status,
                f"{prefix}pair coverage of the data variation at least {ratio:.0%} "
                f"(lowest: {worst[0].rsplit('::', 1)[-1]}; {config.min_pair_coverage:.0%} required)",
                f"{'' if status == READY else 'ikke klar: '}datavariationens par-dækning mindst {ratio:.0%}",
                "datavariation.json",
            )
        )
    if outcomes is None or not evidence.resilience:
        checks.append(
            _missing("resilience", config, "resilience scenarios (features/robusthed/)", "robusthedsscenarier")
        )
    else:
        failed = [o.name for o in evidence.resilience if o.failed]
        n = len(evidence.resilience)
        if failed:
            checks.append(
                Check(
                    "resilience",
                    NOT_READY,
                    f"not ready: {len(failed)} of {n} resilience scenario(s) failed: {_titles(failed)}",
                    f"ikke klar: {len(failed)} af {n} robusthedsscenarier fejlede",
                    "allure-report/index.html",
                )
            )
        elif n < config.min_resilience_scenarios:
            checks.append(
                Check(
                    "resilience",
                    NOT_READY,
                    f"not ready: {n} resilience scenario(s) ran, {config.min_resilience_scenarios} required",
                    f"ikke klar: {n} robusthedsscenarier",
                )
            )
        else:
            checks.append(
                Check(
                    "resilience",
                    READY,
                    f"{n} resilience scenario(s) passed",
                    f"{n} robusthedsscenarier bestået",
                    "allure-report/index.html",
                )
            )
    checks.append(_exploration(evidence, config))
    checks.append(_load(evidence, config))
    checks.append(_selftest(evidence, config))
    return checks


def _exploration(evidence: Evidence, config: GateConfig) -> Check:
    found = evidence.exploration
    if not found:
        return _missing("exploration", config, "an exploration run (golive explore)", "en udforskning")
    actions, findings = int(found.get("actions", 0)), len(found.get("findings", []) or [])
    if findings > config.max_findings:
        return Check(
            "exploration",
            NOT_READY,
            f"not ready: exploration found {findings} defect(s) in {actions} business actions",
            f"ikke klar: udforskningen fandt {findings} fejl",
            "explore/explore.json",
        )
    if actions < config.min_explored_actions:
        return Check(
            "exploration",
            NOT_READY,
            f"not ready: {actions} business actions explored, {config.min_explored_actions} required",
            f"ikke klar: {actions} handlinger udforsket",
            "explore/explore.json",
        )
    return Check(
        "exploration",
        READY,
        f"{actions} business actions explored without a finding",
        f"{actions} forretningshandlinger udforsket uden fund",
        "explore/explore.json",
    )


def _load(evidence: Evidence, config: GateConfig) -> Check:
    found = evidence.load
    if not found:
        return _missing("load", config, "a load window (golive load)", "et belastningsvindue")
    broken = found.get("brokenInvariants") or []
    if broken or not found.get("passed", False):
        return Check(
            "load",
            NOT_READY,
            f"not ready: the load window broke {len(broken)} invariant(s)",
            "ikke klar: belastningsvinduet brød invarianter",
            "load/load.json",
        )
    return Check("load", READY, "the load window held every invariant", "belastningsvinduet holdt", "load/load.json")


def _selftest(evidence: Evidence, config: GateConfig) -> Check:
    found = evidence.selftest
    if not found:
        return _missing("selftest", config, "a selftest (golive selftest)", "en selvtest")
    rate = (found.get("detection") or {}).get("rate")
    if rate is None or rate < config.min_detection_rate:
        shown = f"{rate:.0%}" if rate is not None else "unknown"
        return Check(
            "selftest",
            NOT_READY,
            f"not ready: the selftest caught {shown} of the defect catalogue, {config.min_detection_rate:.0%} required",
            f"ikke klar: selvtesten fangede {shown}",
            "selftest.md",
        )
    return Check(
        "selftest",
        READY,
        f"the selftest caught {rate:.0%} of the defect catalogue",
        f"selvtesten fangede {rate:.0%} af fejlkataloget",
        "selftest.md",
    )


def decide(evidence: Evidence, config: GateConfig, only: list[str] | None = None) -> Decision:
    """The decision on every registered integration (or only those named)."""
    contract_verdicts = {s: suite.failures == 0 for s, suite in evidence.contracts.items()}
    summary = integration_summary(evidence.outcomes, contract_verdicts) if evidence.outcomes is not None else {}
    decision = Decision(ready=False, problems=list(evidence.problems))
    for system in registry.systems():
        if only is not None and system.name not in only:
            continue
        checks = integration_checks(system.name, evidence, config, summary.get(system.name))
        decision.integrations[system.name] = checks
    decision.overall = overall_checks(evidence, config)
    decision.ready = not decision.reasons()
    return decision

"""Mutation testing of the reference SUT's rule core: which mechanical mutants survive the scenarios AND the explorer.

    PYTHONPATH=. .venv/bin/python benchmarks/mutation.py            # init + run + benchmarks/results/mutation.json
    PYTHONPATH=. .venv/bin/python benchmarks/mutation.py --report   # only rewrite the JSON from the session
    PYTHONPATH=. .venv/bin/python benchmarks/mutation.py --survivors-of benchmarks/results/mutation.json \
        --out benchmarks/results/mutation-recheck.json   # only an earlier run's survivors, same test, own JSON

Needs cosmic-ray (`.venv/bin/pip install cosmic-ray==8.7.0`; not a project dependency). cosmic-ray mutates the source
IN PLACE (and puts it back after each mutant): run it only in a git worktree of its own, never in a checkout others use.

How: `cosmic-ray init benchmarks/mutation.toml` lists every mutant of the target module(s) into a session database
(reports/mutation/session.sqlite); this script marks the operators left out (OPERATORS_KEPT below) as skipped, then
runs the pending mutants one at a time through cosmic-ray's own `mutate_and_test` (so a wall-clock `--deadline` can
stop between two mutants with the source restored), serially, on one core. The test command for one mutant is this
script's `--test`: the scenario suite (`pytest features -x`), and only if it passes the explorer with a fixed example
count (`golive explore --max-examples 150 --seed 0 --no-shrink`: deterministic, unlike a time budget); a mutant is killed if either
fails, and its output says which.

Survivors get a one-line reading from READINGS (hand-written after a run, keyed by line and the mutated line's text).

`--survivors-of PATH` re-runs only the survivors listed in an earlier run's JSON (every other mutant is marked skipped
after `init`, like a left-out operator), with the same test, after the scenarios or the explorer changed: its JSON
(`--out`) adds `previousSurvivors`, each old survivor with its old cause and what it is now.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "benchmarks" / "mutation.toml"
SESSION = ROOT / "reports" / "mutation" / "session.sqlite"
OUT = ROOT / "benchmarks" / "results" / "mutation.json"
PY = sys.executable
EXPLORE_EXAMPLES = 150
EXPLORE_SEED = 0

# Operators kept: comparison/boundary, negation, and/or, True/False, numbers, + and -, the fee's * 100, exceptions.
# Left out: `|` (only in type annotations: with `from __future__ import annotations` never evaluated, so every such
# mutant is equivalent), removing a decorator (@dataclass / @property: a crash, not a rule), `x == y` -> `is`/`is not`
# (string interning makes them equivalent or a crash), and the arithmetic replacements of `+` other than `-` (a
# date + timedelta turned into *, /, <<, ... is a TypeError on first use, not a rule).
ORDERING = {
    "Lt": ("LtE", "GtE"),
    "LtE": ("Lt", "Gt"),
    "Gt": ("GtE", "LtE"),
    "GtE": ("Gt", "Lt"),
}
OPERATORS_KEPT = {f"core/ReplaceComparisonOperator_{a}_{b}" for a, bs in ORDERING.items() for b in bs} | {
    "core/ReplaceComparisonOperator_Eq_NotEq",
    "core/ReplaceComparisonOperator_NotEq_Eq",
    "core/ReplaceComparisonOperator_Is_IsNot",
    "core/ReplaceComparisonOperator_IsNot_Is",
    "core/AddNot",
    "core/ReplaceUnaryOperator_Delete_Not",
    "core/ReplaceAndWithOr",
    "core/ReplaceOrWithAnd",
    "core/ReplaceTrueWithFalse",
    "core/ReplaceFalseWithTrue",
    "core/NumberReplacer",
    "core/ReplaceBinaryOperator_Add_Sub",
    "core/ReplaceBinaryOperator_Sub_Add",
    "core/ReplaceBinaryOperator_Mul_Add",
    "core/ReplaceBinaryOperator_Mul_Div",
    "core/ExceptionReplacer",
}

from mutation_readings import CAUSES, READINGS  # noqa: E402  (hand-written after a run: survivor -> cause, reading)


def test_one() -> int:
    """The test command for one mutant (cosmic-ray runs it with the mutant in place)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    suite = subprocess.run(
        [PY, "-m", "pytest", "features", "-q", "-p", "no:randomly", "-x", "--no-header"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if suite.returncode != 0:
        fail = [ln for ln in suite.stdout.splitlines() if ln.startswith("FAILED") or "failed" in ln]
        print("KILLED-BY scenarios")
        print("\n".join(fail[-3:]))
        return 1
    explore = subprocess.run(
        [
            PY,
            "-m",
            "golive.cli",
            "explore",
            "--max-examples",
            str(EXPLORE_EXAMPLES),
            "--seed",
            str(EXPLORE_SEED),
            "--no-shrink",  # caught or not is all that counts here
            "--report-dir",
            str(ROOT / "reports" / "mutation" / "explore"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if explore.returncode != 0:
        print("KILLED-BY explorer")
        print((explore.stdout + explore.stderr)[-1500:])
        return 1
    print("SURVIVED")
    print(explore.stdout[-300:])
    return 0


def recheck(specs: list[str], budget: str, seed: int) -> list[dict]:
    """Survivors again, against the explorer alone with a time budget (not a fixed example count): is the rule out of
    the explorer's reach, or only not reached in 50 examples? spec: LINE:OPERATOR:OCCURRENCE (as in the JSON)."""
    import cosmic_ray.plugins
    from cosmic_ray.mutating import use_mutation
    from cosmic_ray.work_db import WorkDB, use_db

    done = []
    with use_db(str(SESSION), WorkDB.Mode.open) as db:
        items = {
            (m.start_pos[0], m.operator_name.removeprefix("core/"), m.occurrence): m
            for m in (w.mutations[0] for w in db.work_items)
            if Path(m.module_path).name == "decisions.py"
        }
    for spec in specs:
        line, op, occ = spec.split(":")
        m = items[(int(line), op, int(occ))]
        operator = cosmic_ray.plugins.get_operator(m.operator_name)()
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
        t0 = time.time()
        with use_mutation(m.module_path, operator, m.occurrence):
            r = subprocess.run(
                [
                    PY,
                    "-m",
                    "golive.cli",
                    "explore",
                    "--budget",
                    budget,
                    "--seed",
                    str(seed),
                    "--report-dir",
                    str(ROOT / "reports" / "mutation" / "explore"),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
        summary = [ln for ln in r.stdout.splitlines() if "examples" in ln]
        done.append(
            {
                "mutant": spec,
                "budget": budget,
                "seed": seed,
                "caught": r.returncode != 0,
                "explorer": summary[-1] if summary else r.stdout[-200:],
                "seconds": round(time.time() - t0, 1),
            }
        )
        print(json.dumps(done[-1]), flush=True)
    return done


def _mutant_id(m) -> str:
    """LINE:OPERATOR:OCCURRENCE, as in the JSON's `mutant` (the operator without cosmic-ray's `core/`)."""
    return f"{m.start_pos[0]}:{m.operator_name.removeprefix('core/')}:{m.occurrence}"


def _rel(m) -> str:
    return str(Path(m.module_path).resolve().relative_to(ROOT))


def _survivors_of(path: Path) -> list[dict]:
    return json.loads(path.read_text())["survivors"]


def init(targets: list[str], sample: int | None, sample_seed: int, only: set[tuple[str, str]] | None = None) -> None:
    """`only`: (file, mutant id) pairs; every other mutant is skipped (an earlier run's survivors)."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    SESSION.parent.mkdir(parents=True, exist_ok=True)
    if SESSION.exists():
        SESSION.unlink()
    subprocess.run([str(Path(PY).parent / "cosmic-ray"), "init", str(CONFIG), str(SESSION)], cwd=ROOT, check=True)
    with use_db(str(SESSION), WorkDB.Mode.open) as db:
        items = list(db.work_items)
        skip = []
        keep = []
        for item in items:
            m = item.mutations[0]
            rel = _rel(m)
            if m.operator_name not in OPERATORS_KEPT or rel not in targets:
                skip.append(item.job_id)
            elif only is not None and (rel, _mutant_id(m)) not in only:
                skip.append(item.job_id)
            else:
                keep.append(item.job_id)
        if sample is not None and sample < len(keep):
            rng = random.Random(sample_seed)
            chosen = set(rng.sample(sorted(keep), sample))
            skip += [j for j in keep if j not in chosen]
        if only is not None:
            listed = {(_rel(i.mutations[0]), _mutant_id(i.mutations[0])) for i in items}
            if missing := sorted(only - listed):
                raise SystemExit(f"--survivors-of: {len(missing)} not in this session (source changed?): {missing[:5]}")
        db.set_multiple_results(skip, WorkResult(worker_outcome=WorkerOutcome.SKIPPED))
        print(f"mutants: {len(items)} listed, {len(items) - len(skip)} to run", flush=True)


def run(targets: list[str], timeout: float, deadline: float | None) -> None:
    from cosmic_ray.mutating import mutate_and_test
    from cosmic_ray.work_db import WorkDB, use_db

    command = f"{PY} {Path(__file__).resolve()} --test"
    with use_db(str(SESSION), WorkDB.Mode.open) as db:
        pending = sorted(
            db.pending_work_items,
            key=lambda w: (
                _target_index(targets, w),
                w.mutations[0].start_pos,
                w.mutations[0].operator_name,
                w.mutations[0].occurrence,
            ),
        )
        for n, item in enumerate(pending, 1):
            if deadline is not None and time.time() > deadline:
                print(f"deadline reached: {len(pending) - n + 1} mutants not run (partial)", flush=True)
                break
            t0 = time.time()
            result = mutate_and_test(item.mutations, command, timeout)
            db.set_result(item.job_id, result)
            m = item.mutations[0]
            tag = (result.output or "").split("\n", 1)[0] if result.test_outcome else result.worker_outcome
            print(
                f"[{n}/{len(pending)}] {Path(m.module_path).name}:{m.start_pos[0]} {m.operator_name} "
                f"#{m.occurrence}: {result.test_outcome} {tag} ({time.time() - t0:.1f}s)",
                flush=True,
            )


def _target_index(targets: list[str], item) -> int:
    rel = str(Path(item.mutations[0].module_path).resolve().relative_to(ROOT))
    return targets.index(rel) if rel in targets else len(targets)


def _diff_lines(diff: str) -> tuple[str, str]:
    minus = [ln[1:] for ln in diff.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    plus = [ln[1:] for ln in diff.splitlines() if ln.startswith("+") and not ln.startswith("+++")]
    return ("\n".join(minus).strip(), "\n".join(plus).strip())


def report(meta: dict, json_path: Path = OUT, previous: list[dict] | None = None) -> dict:
    """Counts and survivors of the session into `json_path`; with `previous` (an earlier run's survivors), also what
    each of them is now (`previousSurvivors`) and the counts by their earlier cause."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    counts = {
        "listed": 0,
        "skippedByOperatorOrSample": 0,
        "notRun": 0,
        "total": 0,
        "killedByScenarios": 0,
        "killedByExplorerOnly": 0,
        "timeouts": 0,
        "incompetent": 0,
        "survived": 0,
    }
    by_operator: dict[str, dict[str, int]] = {}
    by_file: dict[str, dict[str, int]] = {}
    not_run: dict[str, int] = {}
    survivors = []
    kinds: dict[tuple[str, str], str] = {}
    with use_db(str(SESSION), WorkDB.Mode.open) as db:
        results = dict(db.results)
        for item in db.work_items:
            counts["listed"] += 1
            m = item.mutations[0]
            r = results.get(item.job_id)
            if r is None:
                counts["notRun"] += 1
                not_run[Path(m.module_path).name] = not_run.get(Path(m.module_path).name, 0) + 1
                continue
            if r.worker_outcome == WorkerOutcome.SKIPPED:
                counts["skippedByOperatorOrSample"] += 1
                continue
            counts["total"] += 1
            out = r.output or ""
            if r.test_outcome == TestOutcome.SURVIVED:
                kind = "survived"
            elif r.test_outcome == TestOutcome.INCOMPETENT:
                kind = "incompetent"
            elif out == "timeout":
                kind = "timeouts"
            elif "KILLED-BY explorer" in out:
                kind = "killedByExplorerOnly"
            else:
                kind = "killedByScenarios"
            counts[kind] += 1
            kinds[(_rel(m), _mutant_id(m))] = kind
            op = by_operator.setdefault(m.operator_name.removeprefix("core/"), {})
            op[kind] = op.get(kind, 0) + 1
            per = by_file.setdefault(Path(m.module_path).name, {"total": 0})
            per["total"] += 1
            per[kind] = per.get(kind, 0) + 1
            if kind == "survived":
                before, after = _diff_lines(r.diff or "")
                rel = _rel(m)
                line = m.start_pos[0]
                mutant = _mutant_id(m)
                cause, reading = READINGS.get((Path(rel).name, mutant), ("unread", ""))
                survivors.append(
                    {
                        "file": rel,
                        "line": line,
                        "operator": m.operator_name.removeprefix("core/"),
                        "mutant": mutant,
                        "function": _function_at(Path(m.module_path), line),
                        "diff": f"- {before}\n+ {after}",
                        "cause": cause,
                        "reading": reading,
                    }
                )
    survivors.sort(key=lambda s: (s["file"], s["line"], s["operator"]))
    grouped: dict[str, list[str]] = {}
    for s in survivors:
        grouped.setdefault(s["cause"], []).append(f"{Path(s['file']).name}:{s['mutant']}")
    rechecked = json.loads(json_path.read_text()).get("recheck", []) if json_path.exists() else []
    data = {
        **meta,
        "counts": counts,
        "byFile": by_file,
        "notRunByFile": not_run,
        "partial": bool(not_run),
        "byOperator": by_operator,
        "causes": CAUSES,
        "survivorsByCause": {c: len(v) for c, v in grouped.items()},
        "survivors": survivors,
        "recheck": rechecked,
    }
    if previous is not None:
        data.update(_previous_survivors(previous, kinds))
    json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return data


def _previous_survivors(previous: list[dict], kinds: dict[tuple[str, str], str]) -> dict:
    """Each earlier survivor with its earlier cause and its outcome now (notRun if the deadline came first)."""
    now = [
        {
            "file": s["file"],
            "mutant": s["mutant"],
            "function": s.get("function", ""),
            "diff": s["diff"],
            "previousCause": s["cause"],
            "now": kinds.get((s["file"], s["mutant"]), "notRun"),
        }
        for s in previous
    ]
    by_cause: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for s in now:
        per = by_cause.setdefault(s["previousCause"], {})
        per[s["now"]] = per.get(s["now"], 0) + 1
        totals[s["now"]] = totals.get(s["now"], 0) + 1
    return {"previousSurvivorsNow": totals, "previousSurvivorsByCause": by_cause, "previousSurvivors": now}


def _function_at(path: Path, line: int) -> str:
    """The function or class the line belongs to (a decorator: the one it decorates; a module constant: its name)."""
    lines = path.read_text().splitlines()
    text = lines[line - 1]
    if (constant := re.match(r"([A-Z_][A-Z0-9_]*) =", text)) is not None:
        return constant.group(1)
    if text.lstrip().startswith("@"):
        for after in lines[line:]:
            if (found := re.match(r"(?:def|class) (\w+)", after)) is not None:
                return found.group(1)
    name = ""
    for i, text in enumerate(lines, 1):
        if i > line:
            break
        if (found := re.match(r"(?:def|class) (\w+)", text)) is not None:
            name = found.group(1)
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--test", action="store_true", help="the test command for one mutant (internal)")
    parser.add_argument("--report", action="store_true", help="only rewrite the JSON from the existing session")
    parser.add_argument("--resume", action="store_true", help="run the session's pending mutants, no new init")
    parser.add_argument(
        "--targets",
        nargs="*",
        default=["simulators/sygesikring/decisions.py", "simulators/rules.py"],
        help="in this order; the rest of the config's modules are skipped",
    )
    parser.add_argument("--sample", type=int, default=None, help="run a seeded random subset of this many mutants")
    parser.add_argument("--sample-seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per mutant before it counts as a timeout")
    parser.add_argument("--minutes", type=float, default=None, help="stop starting new mutants after this long")
    parser.add_argument(
        "--recheck",
        nargs="*",
        default=None,
        help="LINE:OPERATOR:OCCURRENCE survivors to give the "
        "explorer a time budget (--recheck-budget, --recheck-seed); appended to the JSON",
    )
    parser.add_argument("--recheck-budget", default="60s")
    parser.add_argument("--recheck-seed", type=int, default=1)
    parser.add_argument(
        "--survivors-of",
        type=Path,
        default=None,
        help="an earlier run's JSON: run only its survivors (the rest skipped after init)",
    )
    parser.add_argument("--out", type=Path, default=None, help=f"the JSON to write (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    if args.test:
        return test_one()
    out = args.out or OUT
    if args.recheck is not None:
        found = recheck(args.recheck, args.recheck_budget, args.recheck_seed)
        data = json.loads(out.read_text())
        data["recheck"] = [r for r in data.get("recheck", []) if r["mutant"] not in args.recheck] + found
        out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return 0
    meta_path = SESSION.parent / "meta.json"
    if not args.report:
        if not args.resume:
            only = None
            if args.survivors_of is not None:
                only = {(s["file"], s["mutant"]) for s in _survivors_of(args.survivors_of)}
            init(args.targets, args.sample, args.sample_seed, only)
            meta_path.write_text(
                json.dumps(
                    {
                        "startedAt": time.time(),
                        "seconds": 0.0,
                        "args": argv or sys.argv[1:],
                        "survivorsOf": str(args.survivors_of) if args.survivors_of else None,
                        "out": str(out.resolve()),
                    }
                )
            )
        meta = json.loads(meta_path.read_text())
        t0 = time.time()
        deadline = t0 + args.minutes * 60 if args.minutes else None
        run(args.targets, args.timeout, deadline)
        meta["seconds"] = round(meta["seconds"] + time.time() - t0, 1)
        meta_path.write_text(json.dumps(meta))
    meta = json.loads(meta_path.read_text())
    # --report / --resume of a --survivors-of session: the same earlier JSON and output, never the default one
    survivors_of = args.survivors_of or (Path(meta["survivorsOf"]) if meta.get("survivorsOf") else None)
    out = args.out or Path(meta.get("out", OUT))
    data = report(
        {
            "command": "PYTHONPATH=. .venv/bin/python benchmarks/mutation.py "
            + " ".join(meta.get("args", ["--minutes", "48"])),
            "tool": "cosmic-ray 8.7.0 (config benchmarks/mutation.toml)",
            "targets": args.targets,
            "testCommand": "pytest features -q -p no:randomly -x; then golive explore "
            f"--max-examples {EXPLORE_EXAMPLES} --seed {EXPLORE_SEED}",
            "operatorsKept": sorted(o.removeprefix("core/") for o in OPERATORS_KEPT),
            "sample": args.sample,
            "sampleSeed": args.sample_seed if args.sample else None,
            "wallSeconds": meta["seconds"],
            "machine": f"{platform.machine()}, {os.cpu_count()} cores (one used), load {os.getloadavg()[0]:.2f}",
            "survivorsOf": str(survivors_of) if survivors_of else None,
        },
        out,
        _survivors_of(survivors_of) if survivors_of else None,
    )
    print(json.dumps(data["counts"]))
    if survivors_of:
        print(json.dumps(data["previousSurvivorsNow"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The vendor CI kit (vendor-kit/): an image that runs `golive contracts verify` with no checkout, and CI files
for GitHub Actions and GitLab CI that call it and publish JUnit and Allure results.

No Docker engine runs on golive's build machines, so the image is not built here. What can be checked is
checked: every path the Dockerfile copies exists, it installs the `verify` extra that pyproject declares and
runs the verify command; the CI files parse as YAML, and their `golive contracts verify` command lines parse
with golive's own argparse parser — a renamed or removed flag breaks this test, not a vendor's pipeline.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import yaml

from golive.cli import build_parser
from golive.config import CONTRACTS, ROOT
from golive.contracts.verify_engine import CONTRACT_NAMES

KIT = ROOT / "vendor-kit"
DOCKERFILE = KIT / "Dockerfile"


def dockerfile_instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_every_path_the_image_copies_exists():
    copies = [args.split() for kind, args in dockerfile_instructions() if kind == "COPY"]
    sources = [source for parts in copies for source in parts[:-1]]

    assert sources and [s for s in sources if not (ROOT / s).exists()] == []


def test_the_image_copies_the_contracts_beside_the_package_it_installs_editable():
    instructions = dockerfile_instructions()
    workdir = next(args for kind, args in instructions if kind == "WORKDIR")
    targets = {parts.split()[-1].removeprefix("./") for kind, parts in instructions if kind == "COPY"}
    install = next(args for kind, args in instructions if kind == "RUN" and "pip install" in args)

    # golive finds contracts/ as a sibling of its package; an editable install keeps that true in the image
    assert CONTRACTS == ROOT / "contracts"
    assert workdir == "/golive" and {"golive", "contracts", "simulators", "fixtures"} <= targets
    assert " -e " in f" {install} " and ".[verify]" in install


def test_the_verify_extra_holds_what_verify_needs():
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]

    names = {re.split(r"[<>=\[ ]", requirement)[0] for requirement in extras["verify"]}
    assert {"schemathesis", "allure-python-commons", "cryptography"} <= names


def test_the_image_runs_golive_contracts_verify():
    entrypoint = next(args for kind, args in dockerfile_instructions() if kind == "ENTRYPOINT")

    assert yaml.safe_load(entrypoint) == ["golive", "contracts", "verify"]


def verify_commands(script: str, substitutions: dict[str, str]) -> list[list[str]]:
    """Every `golive contracts verify …` command in a CI script, split as the shell would split it."""
    for placeholder, value in substitutions.items():
        script = script.replace(placeholder, value)
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line)
        if words[:3] == ["golive", "contracts", "verify"]:
            commands.append(words)
    return commands


def parse(words: list[str]):
    return build_parser().parse_args(words[1:])


def github_jobs():
    return yaml.safe_load((KIT / "github-actions.yml").read_text(encoding="utf-8"))["jobs"]


def gitlab_jobs():
    document = yaml.safe_load((KIT / "gitlab-ci.yml").read_text(encoding="utf-8"))
    return {name: job for name, job in document.items() if isinstance(job, dict) and "script" in job}


def gitlab_verify_job():
    return gitlab_jobs()["golive-contract-verify"]


def test_github_actions_verifies_each_contract_of_its_matrix_with_flags_golive_knows():
    job = github_jobs()["verify"]
    contracts = job["strategy"]["matrix"]["contract"]
    script = "\n".join(step["run"] for step in job["steps"] if "golive contracts verify" in step.get("run", ""))

    for contract in contracts:
        (command,) = verify_commands(script, {"${{ matrix.contract }}": contract})
        args = parse(command)
        assert args.contract == contract in CONTRACT_NAMES
        assert (args.cert, args.key, args.ca_bundle) != (None, None, None)
        assert args.max_time and args.rate_limit and args.report_dir == Path(f"reports/{contract}")


def test_github_actions_publishes_junit_and_allure_even_when_verify_fails():
    steps = github_jobs()["verify"]["steps"]
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}

    junit = uses["mikepenz/action-junit-report"]
    upload = uses["actions/upload-artifact"]
    assert junit["if"] == upload["if"] == "always()"
    assert junit["with"]["report_paths"].endswith("*.xml")
    assert "allure-results/" in upload["with"]["path"] and "*.xml" in upload["with"]["path"]


def test_gitlab_ci_verifies_each_contract_of_its_matrix_with_flags_golive_knows():
    job = gitlab_verify_job()
    contracts = job["parallel"]["matrix"][0]["CONTRACT"]

    for contract in contracts:
        (command,) = verify_commands("\n".join(job["script"]), {'"$CONTRACT"': contract, "$CONTRACT": contract})
        args = parse(command)
        assert args.contract == contract in CONTRACT_NAMES
        assert args.report_dir == Path(f"reports/{contract}")
        assert args.cert and args.key and args.ca_bundle and args.max_time and args.rate_limit


def test_gitlab_ci_publishes_junit_and_allure_even_when_verify_fails():
    job = gitlab_verify_job()
    artifacts = job["artifacts"]

    assert artifacts["when"] == "always"
    assert artifacts["reports"]["junit"] == "reports/*/*.xml"  # <report-dir>/<contract>.xml
    assert "reports/" in artifacts["paths"]  # holds allure-results/
    assert job["image"]["entrypoint"] == [""]


def test_every_option_a_vendor_needs_parses():
    args = build_parser().parse_args([
        "contracts", "verify", "sygesikring", "--base-url", "https://sut.test", "--bearer", "t", "--basic", "u:p",
        "--cert", "c.pem", "--key", "k.pem", "--ca-bundle", "ca.pem", "-H", "X-A: 1", "-H", "X-B: 2",
        "--include", "chooseDoctor", "--exclude", "GET /citizens/{cpr}/sygesikring", "--max-examples", "5",
        "--seed", "9", "--workers", "auto", "--rate-limit", "50/s", "--max-time", "60", "--no-prepare"])

    assert (args.headers, args.include, args.exclude) == (["X-A: 1", "X-B: 2"], ["chooseDoctor"],
                                                          ["GET /citizens/{cpr}/sygesikring"])
    assert (args.workers, args.rate_limit, args.max_time, args.seed, args.prepare) == ("auto", "50/s", 60, 9, False)


def test_the_readme_carries_the_ci_files_as_they_are():
    """The issue asks for ready CI files in the README: the copies there are the files in vendor-kit/, verbatim."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("github-actions.yml", "gitlab-ci.yml"):
        assert (ROOT / "vendor-kit" / name).read_text(encoding="utf-8") in readme, f"README's copy of {name} is stale"


def gate_command(script: str) -> list[str]:
    (words,) = [shlex.split(line) for line in [script.replace("\n", " ")] if "golive gate" in line]
    return words[words.index("golive"):]


def test_github_actions_runs_the_gate_on_every_verify_result_and_publishes_the_dossier():
    job = github_jobs()["readiness"]
    assert job["needs"] == "verify" and job["if"] == "always()"
    (run,) = [step["run"] for step in job["steps"] if "golive gate" in step.get("run", "")]
    args = parse(gate_command(run))
    assert (args.only, args.require, args.bundle) == (["sygesikring"], ["contracts", "breaking-changes"],
                                                      Path("reports/evidence.zip"))
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and "reports/dossier.html" in upload["with"]["path"]


def test_gitlab_ci_runs_the_gate_after_verify_and_publishes_the_dossier():
    job = gitlab_jobs()["golive-readiness"]
    assert job["needs"] == ["golive-contract-verify"] and job["when"] == "always"
    args = parse(gate_command(" ".join(job["script"])))
    assert args.only == ["sygesikring"] and args.bundle == Path("reports/evidence.zip")
    assert job["artifacts"]["when"] == "always" and "reports/dossier.html" in job["artifacts"]["paths"]


def test_the_gate_reads_verifys_report_layout(tmp_path):
    """What the vendor jobs hand the gate: <contract>/<contract>.xml per contract, as verify writes it."""
    import subprocess
    import sys

    for contract in ("sygesikring", "admin"):
        (tmp_path / contract).mkdir()
        (tmp_path / contract / f"{contract}.xml").write_text(
            '<testsuites><testsuite><testcase name="a"/><testcase name="b"/></testsuite></testsuites>')
    completed = subprocess.run([sys.executable, "-m", "golive.cli", "gate", "--reports", str(tmp_path), "--only",
                                "sygesikring", "--require", "contracts", "breaking-changes"],
                               capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "2 contract case(s) against The SUT (sygesikring)'s contract" in (tmp_path / "gate.json").read_text()

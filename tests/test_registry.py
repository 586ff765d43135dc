"""The registry of systems (simulators/registry.py): a system is declared once and everything reads it.

The proof the issue asks for: a throw-away neighbour, built from a minimal contract and one registry entry and
nothing else, is built into the world, gets a scenario client, can be named by the fault steps in a feature file,
and misbehaves when a scenario says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from golive import config
from golive.contracts.verify_engine import CONTRACT_NAMES
from golive.vocabulary import neighbour_words
from simulators import registry
from simulators.world import World

ROOT = Path(__file__).resolve().parents[1]

MINIMAL_CONTRACT = {
    "openapi": "3.1.0",
    "info": {"title": "Kvaksalveren (a throw-away neighbour)", "version": "0.0.1"},
    "paths": {"/ping": {"get": {"operationId": "ping", "responses": {
        "200": {"description": "alive", "content": {"application/json": {"schema": {
            "type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean"}}}}}},
        "503": {"description": "down", "content": {"application/problem+json": {"schema": {"type": "object"}}}},
    }}}},
}

REGISTER = '''
from pathlib import Path

from simulators import registry


class Model:
    def reset(self): pass
    def load(self, data): return {{}}
    def snapshot(self): return {{}}


def create(env):
    return env.simulator("kvaksalver", Model(), {{"ping": lambda call: (200, {{"ok": True}})}}, contract=Path({contract!r}))


registry.register(registry.System("kvaksalver", "Kvaksalveren", ("Kvaksalveren",), 8799,
                                  factory=create))
'''


def test_every_view_of_the_systems_is_the_registry():
    assert tuple(config.SIMULATOR_PORTS) == registry.neighbours() == ("luna", "servicebus", "eflyt", "finance", "cpr", "minlog")
    assert config.SUT_PORT == registry.sut().port
    assert config.NEIGHBOUR_NAMES == registry.display_names()
    assert set(neighbour_words().values()) == set(registry.neighbours())
    assert CONTRACT_NAMES == (*registry.contract_names(), "admin")
    assert all((ROOT / "contracts" / s.contract).exists() for s in registry.systems())


def test_compose_yaml_is_what_the_registry_gives():
    from golive import compose

    assert (ROOT / "compose.yaml").read_text(encoding="utf-8") == compose.render(), "run `golive compose --write`"


def test_compose_serves_every_neighbour_on_its_registered_port():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    for name, port in registry.ports().items():
        assert f"127.0.0.1:{port}:{port}" in compose[name]["ports"], name


def test_a_system_and_a_word_can_be_declared_only_once():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.System("luna", "Luna", ("Luna 2",), 9999))
    with pytest.raises(ValueError, match="already name 'luna'"):
        registry.register(registry.System("luna2", "Luna 2", ("luna",), 9999))


@pytest.mark.slow
def test_a_throw_away_neighbour_needs_a_contract_and_one_registry_entry(tmp_path):
    contract = tmp_path / "kvaksalver.openapi.yaml"
    contract.write_text(yaml.safe_dump(MINIMAL_CONTRACT), encoding="utf-8")
    (tmp_path / "conftest.py").write_text(REGISTER.format(contract=str(contract)) + textwrap.dedent('''
        # The step library is imported after the registry knows the neighbour, as it is for a neighbour declared in
        # simulators/registry.py itself.
        from features.conftest import *  # noqa: F401,F403
        from pytest_bdd import then


        @then("er Kvaksalveren nede")
        def kvaksalveren_er_nede(scenario):
            assert scenario.clients["kvaksalver"].get("/ping").status_code == 503


        @then("er Kvaksalveren oppe")
        def kvaksalveren_er_oppe(scenario):
            assert scenario.clients["kvaksalver"].get("/ping").json() == {"ok": True}
        '''), encoding="utf-8")
    (tmp_path / "kvaksalver.feature").write_text(textwrap.dedent('''\
        # language: da
        Egenskab: En ny nabo
          Scenarie: Kvaksalveren er nede en stund
            Givet at dags dato er 2024-03-01
            Og Kvaksalveren er nede i 10 minutter
            Så er Kvaksalveren nede
            Når der går 10 minutter
            Så er Kvaksalveren oppe
        '''), encoding="utf-8")
    (tmp_path / "test_kvaksalver.py").write_text("from pytest_bdd import scenarios\n\nscenarios('kvaksalver.feature')\n")
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "golive.plugin", "-p", "no:cacheprovider", "-p", "no:randomly",
         "-p", "no:xdist", "--rootdir", str(tmp_path), "--golive-trace-file", str(tmp_path / "trace.json"), str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    assert "1 passed" in completed.stdout


def test_an_unknown_system_is_named_with_the_known_ones():
    with pytest.raises(KeyError, match="known: luna, servicebus"):
        registry.get("lunaa")
    with World(seed=0, systems=["luna"]) as world:
        assert set(world.simulators) == {"luna"}

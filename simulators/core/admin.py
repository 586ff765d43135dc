"""The admin API under /__admin: a simulator of its own, bound to contracts/admin.openapi.yaml.

Running it through the same kernel means admin calls are validated against their contract and
answered with problem+json like any other, at no extra code. Its journal is its own, so scenario
assertions on a simulator's journal never see the harness's own steering calls; it records every admin call, bad
ones included, and answers `GET /__admin/journal?source=admin`. The clock stays in a documented range, and a fault
rule must name an operation the simulator has.
"""

from __future__ import annotations

import difflib
import mimetypes
import time
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import settings as defaults
from .contract import SchemaCheck, load_contract
from .errors import NotFound, Unprocessable
from .faults import BUS_KINDS, FaultRule, FaultRuleError
from .http import Response

if TYPE_CHECKING:
    from .kernel import Call, Simulator

ADMIN_CONTRACT = defaults.CONTRACTS_DIR / "admin.openapi.yaml"
CLOCK_MIN = datetime.fromisoformat(defaults.CLOCK_MIN)
CLOCK_MAX = datetime.fromisoformat(defaults.CLOCK_MAX)


class ClockOutOfRange(Unprocessable):
    code = "clock-out-of-range"
    title = "The virtual clock cannot go there"


def _within_clock_range(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CLOCK_MIN.tzinfo)
    if not CLOCK_MIN <= moment <= CLOCK_MAX:
        raise ClockOutOfRange(
            f"{moment.isoformat()} is outside the clock's range {CLOCK_MIN.isoformat()} .. {CLOCK_MAX.isoformat()}",
            minimum=CLOCK_MIN.isoformat(),
            maximum=CLOCK_MAX.isoformat(),
        )
    return moment


@lru_cache(maxsize=1)
def _swagger_static() -> Path:
    import swagger_ui

    return Path(swagger_ui.__file__).parent / "static"


def attach_admin(target: Simulator) -> Simulator:
    """Give a simulator its admin API under /__admin (the kernel routes that prefix to `target.admin`)."""
    target.admin = admin_simulator(target)
    return target


def admin_simulator(target: Simulator) -> Simulator:
    from .kernel import Simulator

    seed_check = _named_check(target, "SeedData")
    settings_check = _named_check(target, "Settings")

    def get_health(call: Call):
        return 200, {
            "status": "up",
            "simulator": target.name,
            "contract": {
                "title": target.contract.title,
                "version": target.contract.version,
                "file": target.contract.path.name,
            },
            "uptimeSeconds": round(time.monotonic() - target.started, 3),
            "journalSize": len(target.journal),
            "journal": target.journal.stats(),
        }

    def reset(call: Call):
        target.reset()
        return 204, None

    def seed(call: Call):
        loaded: dict[str, int] = {}
        if "randomSeed" in call.body:
            target.seed = call.body["randomSeed"]
            target.faults.reseed(target.seed)
            reseed = getattr(target.model, "reseed", None)
            if reseed:
                reseed(target.seed)
        if "data" in call.body:
            data = call.body["data"]
            if seed_check is not None:
                problems = seed_check.problems(data, "request.body.data")
                if problems:
                    raise Unprocessable(
                        "seed data does not match this simulator's SeedData schema",
                        violations=[p.as_dict() for p in problems],
                    )
            loaded = target.model.load(data)
        return 200, {"randomSeed": target.seed, "loaded": loaded}

    def get_journal(call: Call):
        p = call.params
        journal = call.simulator.journal if p.get("source") == "admin" else target.journal
        entries = journal.query(
            operation=p.get("operation"),
            cpr=p.get("cpr"),
            correlation_id=p.get("correlationId"),
            since=datetime.fromisoformat(p["since"]) if "since" in p else None,
            until=datetime.fromisoformat(p["until"]) if "until" in p else None,
            violations_only=bool(p.get("violations")),
            kind=p.get("kind"),
            limit=p.get("limit"),
        )
        return 200, {"count": len(entries), "entries": [e.as_dict() for e in entries]}

    def clear_journal(call: Call):
        target.journal.clear()
        return 204, None

    def list_faults(call: Call):
        return 200, {"randomSeed": target.faults.seed, "faults": [r.as_dict() for r in target.faults.rules()]}

    def add_fault(call: Call):
        try:
            rule = FaultRule.from_dict(call.body)
        except FaultRuleError as exc:
            raise Unprocessable(str(exc)) from exc
        known = [*target.contract.operations, *(["deliver"] if rule.kind in BUS_KINDS else [])]
        if rule.operation != "*" and rule.operation not in known:
            near = difflib.get_close_matches(rule.operation, known, n=3, cutoff=0.5)
            raise Unprocessable(
                f"{target.name} has no operation {rule.operation!r}: a rule naming it would never strike"
                + (f"; did you mean {', '.join(near)}?" if near else ""),
                nearMisses=near,
            )
        return 201, target.faults.add(rule).as_dict()

    def clear_faults(call: Call):
        target.faults.clear()
        return 204, None

    def remove_fault(call: Call):
        if not target.faults.remove(call.params["faultId"]):
            raise NotFound(f"no fault rule {call.params['faultId']!r}")
        return 204, None

    def clock_doc():
        now = target.clock.now()
        return {"now": now.isoformat(), "today": now.date().isoformat(), "frozen": target.clock.frozen}

    def get_clock(call: Call):
        return 200, clock_doc()

    def set_clock(call: Call):
        if call.body.get("followRealTime"):
            target.clock.release()
        else:
            target.clock.set(_within_clock_range(datetime.fromisoformat(call.body["now"])))
        return 200, clock_doc()

    def advance_clock(call: Call):
        delta = timedelta(days=call.body.get("days", 0), seconds=call.body.get("seconds", 0))
        base = target.clock.now()
        if base > CLOCK_MAX - delta:
            raise ClockOutOfRange(
                f"{base.isoformat()} + {delta} is past the clock's range, which ends {CLOCK_MAX.isoformat()}",
                maximum=CLOCK_MAX.isoformat(),
            )
        target.clock.advance(delta)
        return 200, clock_doc()

    def get_limits(call: Call):
        return 200, target.limits.as_doc()

    def update_limits(call: Call):
        target.limits.update(call.body)
        target.max_body_bytes = target.limits.max_body_bytes  # transports cut bodies at this size
        return 200, target.limits.as_doc()

    def get_settings(call: Call):
        return 200, dict(target.settings)

    def update_settings(call: Call):
        merged = {**target.settings, **call.body}
        if settings_check is not None:
            problems = settings_check.problems(merged, "request.body")
            if problems:
                raise Unprocessable(
                    "settings do not match this simulator's Settings schema", violations=[p.as_dict() for p in problems]
                )
        target.settings.update(call.body)
        if target.on_settings:
            target.on_settings(target.settings)
        return 200, dict(target.settings)

    def get_state(call: Call):
        return 200, target.model.snapshot()

    def get_contract(call: Call):
        # "Try it out" in the docs should reach *this* server, whatever port it was started on.
        host = call.request.headers.get("host")
        if not host:
            return 200, target.contract.document
        here = {
            "url": f"{call.request.headers.get('x-forwarded-proto', 'http')}://{host}",
            "description": "this simulator",
        }
        return 200, {**target.contract.document, "servers": [here, *target.contract.document.get("servers", [])]}

    def get_docs(call: Call):
        page = _DOCS_PAGE.replace("{title}", f"{target.name} — {target.contract.title} {target.contract.version}")
        return Response(200, page.encode(), {"content-type": "text/html"})

    def get_docs_asset(call: Call):
        name = call.params["asset"]
        path = _swagger_static() / name
        if name == "swagger-initializer.js":
            return Response(200, _INITIALIZER.encode(), {"content-type": "text/javascript"})
        kind = {"application/javascript": "text/javascript"}.get(
            mimetypes.guess_type(name)[0] or "", mimetypes.guess_type(name)[0]
        )
        if not path.is_file() or kind not in _ASSET_TYPES:
            raise NotFound(f"no documentation asset {name!r}")
        return Response(200, path.read_bytes(), {"content-type": kind})

    handlers = {
        "getHealth": get_health,
        "resetSimulator": reset,
        "seedSimulator": seed,
        "getJournal": get_journal,
        "clearJournal": clear_journal,
        "listFaults": list_faults,
        "addFault": add_fault,
        "clearFaults": clear_faults,
        "removeFault": remove_fault,
        "getClock": get_clock,
        "setClock": set_clock,
        "advanceClock": advance_clock,
        "getSettings": get_settings,
        "getLimits": get_limits,
        "updateLimits": update_limits,
        "updateSettings": update_settings,
        "getState": get_state,
        "getContract": get_contract,
        "getDocs": get_docs,
        "getDocsAsset": get_docs_asset,
    }
    return Simulator(
        name=f"{target.name}-admin",
        contract=load_contract(str(ADMIN_CONTRACT)),
        model=None,
        handlers=handlers,
        clock=target.clock,
        max_body_bytes=target.max_body_bytes,
    )


def _named_check(target: Simulator, name: str) -> SchemaCheck | None:
    return target.contract.named_check(name)


_ASSET_TYPES = frozenset({"text/javascript", "text/css", "image/png"})

_DOCS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/__admin/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/__admin/docs/swagger-ui-bundle.js"></script>
<script src="/__admin/docs/swagger-initializer.js"></script>
</body></html>
"""

_INITIALIZER = """window.onload = function () {
  window.ui = SwaggerUIBundle({url: "/__admin/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
};
"""

"""The schema half of the breaking-change rules (golive/contracts/diff_rules.py states them): how a changed JSON
Schema is judged, from the side of the wire it sits on — a request schema may only accept more, a response schema
may only promise less. A base class of the walk (`_Differ` in diff_rules.py), which gives it `add`, `old` and `new`.
"""

from __future__ import annotations

from typing import Any

BREAKING, OK = "BREAKING", "ok"
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
_SUBSCHEMA_KEYS = ("items", "additionalProperties", "not", "contains", "propertyNames")


def _escape(token: str) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _ptr(*tokens: Any) -> str:
    return "".join("/" + _escape(t) for t in tokens)


class SchemaRules:
    """Judges one schema against its old version; `add` records each change as BREAKING or ok."""

    old: Any
    new: Any

    def add(self, verdict: str, kind: str, pointer: str, detail: str) -> None:
        raise NotImplementedError

    # -- schemas ---------------------------------------------------------------------------------------------
    def _schema(self, old_raw: Any, new_raw: Any, pointer: str, direction: str, seen: set) -> None:
        """Compare two schemas where `direction` says who must cope with the change: for a request the new schema
        must accept at least what the old one did; for a response it must produce at most what the old one did."""
        key = (id(old_raw), id(new_raw))
        if key in seen or old_raw is None and new_raw is None:
            return
        seen = seen | {key}
        old, new = self.old.deref(old_raw), self.new.deref(new_raw)
        if old is True or old == {} or old is None:
            if new not in (True, {}, None) and direction == "request":
                self.add(BREAKING, "request-schema-constrained", pointer, "a value that was free is now constrained")
            return
        if new is True or new == {} or new is None:
            if direction == "response":
                self.add(BREAKING, "response-schema-unconstrained", pointer, "the value may now be anything")
            return
        if new is False:
            self.add(
                BREAKING if direction == "request" else OK,
                f"{direction}-schema-forbidden",
                pointer,
                "no value is allowed any more",
            )
            return
        narrows = BREAKING if direction == "request" else OK  # fewer values allowed
        widens = OK if direction == "request" else BREAKING  # more values allowed
        self._types(old, new, pointer, direction, narrows, widens)
        self._enum(old, new, pointer, direction, narrows, widens)
        self._bounds(old, new, pointer, direction, narrows, widens)
        self._objects(old, new, pointer, direction, narrows, widens, seen)
        for keyword in _SUBSCHEMA_KEYS:
            o, n = old.get(keyword), new.get(keyword)
            if keyword == "additionalProperties" and (
                isinstance(o, bool) or isinstance(n, bool) or o is None or n is None
            ):
                continue  # handled in _objects
            if o is not None or n is not None:
                self._schema(o, n, pointer + "/" + keyword, direction, seen)
        for keyword in ("oneOf", "anyOf", "allOf", "prefixItems"):
            o, n = old.get(keyword) or [], new.get(keyword) or []
            if not o and not n:
                continue
            if keyword in ("oneOf", "anyOf") and len(n) != len(o):
                bigger = len(n) > len(o)
                verdict = widens if bigger else narrows
                if keyword == "allOf":
                    verdict = narrows if bigger else widens
                self.add(
                    verdict,
                    f"{direction}-{keyword}-{'branch-added' if bigger else 'branch-removed'}",
                    pointer + "/" + keyword,
                    f"{len(o)} -> {len(n)} alternatives",
                )
            elif keyword == "allOf" and len(n) != len(o):
                self.add(
                    narrows if len(n) > len(o) else widens,
                    f"{direction}-allOf-changed",
                    pointer + "/allOf",
                    f"{len(o)} -> {len(n)} parts",
                )
            for i, (a, b) in enumerate(zip(o, n, strict=False)):  # the common prefix; extra items are compared above
                self._schema(a, b, f"{pointer}/{keyword}/{i}", direction, seen)

    @staticmethod
    def _type_set(schema: dict) -> set[str] | None:
        t = schema.get("type")
        if t is None:
            return None
        types = {t} if isinstance(t, str) else set(t)
        if "number" in types:
            types.add("integer")  # every integer is a number
        return types

    def _types(self, old: dict, new: dict, pointer: str, direction: str, narrows: str, widens: str) -> None:
        o, n = self._type_set(old), self._type_set(new)
        if o == n:
            return
        if o is None:
            self.add(narrows, f"{direction}-type-narrowed", pointer + "/type", f"any -> {new.get('type')}")
        elif n is None:
            self.add(widens, f"{direction}-type-widened", pointer + "/type", f"{old.get('type')} -> any")
        else:
            if o - n:
                self.add(
                    narrows, f"{direction}-type-narrowed", pointer + "/type", f"{old.get('type')} -> {new.get('type')}"
                )
            if n - o:
                self.add(
                    widens, f"{direction}-type-widened", pointer + "/type", f"{old.get('type')} -> {new.get('type')}"
                )

    def _enum(self, old: dict, new: dict, pointer: str, direction: str, narrows: str, widens: str) -> None:
        def values(schema: dict) -> list | None:
            if "const" in schema:
                return [schema["const"]]
            return list(schema["enum"]) if isinstance(schema.get("enum"), list) else None

        o, n = values(old), values(new)
        if o is None and n is None:
            return
        if o is None:
            self.add(narrows, f"{direction}-enum-added", pointer + "/enum", f"now only {n}")
            return
        if n is None:
            self.add(widens, f"{direction}-enum-removed", pointer + "/enum", f"was only {o}, now any value")
            return
        removed = [v for v in o if v not in n]
        added = [v for v in n if v not in o]
        if removed:
            self.add(narrows, f"{direction}-enum-narrowed", pointer + "/enum", f"removed {removed}")
        if added:
            self.add(
                widens,
                f"{direction}-enum-widened",
                pointer + "/enum",
                f"added {added}"
                + (
                    " (a consumer switching on the old values meets one it does not know)"
                    if direction == "response"
                    else ""
                ),
            )

    def _bounds(self, old: dict, new: dict, pointer: str, direction: str, narrows: str, widens: str) -> None:
        for keyword in _UPPER_BOUNDS + _LOWER_BOUNDS:
            o, n = old.get(keyword), new.get(keyword)
            if o == n or isinstance(o, bool) or isinstance(n, bool):
                continue
            upper = keyword in _UPPER_BOUNDS
            if o is None:
                tighter = True
            elif n is None:
                tighter = False
            else:
                tighter = n < o if upper else n > o
            self.add(
                narrows if tighter else widens,
                f"{direction}-{keyword}-{'tightened' if tighter else 'loosened'}",
                pointer + "/" + keyword,
                f"{o} -> {n}",
            )
        for keyword in ("pattern", "format", "multipleOf", "uniqueItems"):
            o, n = old.get(keyword), new.get(keyword)
            if o == n or (keyword == "uniqueItems" and not o and not n):
                continue
            if o is None or (keyword == "uniqueItems" and not o):
                self.add(narrows, f"{direction}-{keyword}-added", pointer + "/" + keyword, f"now {n!r}")
            elif n is None or (keyword == "uniqueItems" and not n):
                self.add(widens, f"{direction}-{keyword}-removed", pointer + "/" + keyword, f"was {o!r}")
            else:  # neither contains the other in general: both sides may meet a value the other refused or sent
                self.add(BREAKING, f"{direction}-{keyword}-changed", pointer + "/" + keyword, f"{o!r} -> {n!r}")

    def _objects(
        self, old: dict, new: dict, pointer: str, direction: str, narrows: str, widens: str, seen: set
    ) -> None:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_req, new_req = set(old.get("required") or []), set(new.get("required") or [])
        closed_new = new.get("additionalProperties") is False or new.get("unevaluatedProperties") is False
        closed_old = old.get("additionalProperties") is False or old.get("unevaluatedProperties") is False
        for name in sorted(old_props.keys() | new_props.keys() | old_req | new_req):
            at = pointer + _ptr("properties", name)
            if direction == "request":
                if name in old_props and name not in new_props:
                    if closed_new:
                        self.add(
                            BREAKING,
                            "request-property-removed",
                            at,
                            f"{name} is refused now (additionalProperties: false)",
                        )
                    else:
                        self.add(OK, "request-property-removed", at, f"{name} is no longer read")
                elif name in new_props and name not in old_props:
                    if name in new_req:
                        self.add(BREAKING, "request-property-added-required", at, f"new required field {name}")
                    else:
                        self.add(OK, "request-property-added", at, f"new optional field {name}")
                    continue
                if name in new_req and name not in old_req and name in old_props:
                    self.add(BREAKING, "request-property-became-required", at, f"{name} was optional")
                elif name in old_req and name not in new_req and name in new_props:
                    self.add(OK, "request-property-became-optional", at, f"{name} was required")
            else:
                if name in old_props and name not in new_props:
                    self.add(BREAKING, "response-property-removed", at, f"consumers reading {name} no longer get it")
                    continue
                if name in new_props and name not in old_props:
                    if closed_old:
                        self.add(
                            BREAKING,
                            "response-property-added",
                            at,
                            f"{name} appears in an object the old contract closed (additionalProperties: false)",
                        )
                    else:
                        self.add(OK, "response-property-added", at, f"new field {name} (tolerant readers ignore it)")
                    continue
                if name in old_req and name not in new_req:
                    self.add(BREAKING, "response-property-became-optional", at, f"{name} may now be missing")
                elif name in new_req and name not in old_req:
                    self.add(OK, "response-property-became-required", at, f"{name} is now always sent")
            if name in old_props and name in new_props:
                self._schema(old_props[name], new_props[name], at, direction, seen)
        if closed_new and not closed_old and direction == "request":
            self.add(
                BREAKING,
                "request-additional-properties-forbidden",
                pointer + "/additionalProperties",
                "fields the contract does not name are refused now",
            )
        elif closed_old and not closed_new:
            self.add(
                widens,
                f"{direction}-additional-properties-allowed",
                pointer + "/additionalProperties",
                "fields the contract does not name are allowed now",
            )

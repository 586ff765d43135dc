"""Makes the breaking-change corpus: tests/data/contract-diff/<case>/{old,new}.yaml + expected.json.

Each pair is a slice of the released Luna contract (four paths, the components they reach, no examples) and one
edit; expected.json holds the verdict and the change kinds a reviewer agreed on. Run it again after changing a
case: `.venv/bin/python tests/data/contract-diff/make_corpus.py`.
"""
import copy, json, sys
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parents[3]
OUT = ROOT / "tests/data/contract-diff"
full = yaml.safe_load(open(ROOT / "contracts/released/luna.openapi.yaml"))
KEEP = ["/practices", "/practices/{ydernummer}", "/laegevalg", "/practices/{ydernummer}/intake"]

def strip_examples(node):
    if isinstance(node, dict):
        return {k: strip_examples(v) for k, v in node.items() if k not in ("examples", "example")}
    if isinstance(node, list):
        return [strip_examples(v) for v in node]
    return node

base = {"openapi": full["openapi"], "info": {"title": full["info"]["title"] + " (slice)", "version": full["info"]["version"]},
        "paths": {p: strip_examples(full["paths"][p]) for p in KEEP}}
comps = strip_examples(full["components"])
def refs(node, found):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/"):
            _, _, kind, name = r.split("/")
            if (kind, name) not in found:
                found.add((kind, name)); refs(comps[kind][name], found)
        for v in node.values(): refs(v, found)
    elif isinstance(node, list):
        for v in node: refs(v, found)
    return found
needed = refs(base["paths"], set())
base["components"] = {}
for kind, name in sorted(needed):
    base["components"].setdefault(kind, {})[name] = comps[kind][name]
if "securitySchemes" in comps: pass

S = lambda d: d["components"]["schemas"]
def op(d, path, method): return d["paths"][path][method]

cases = {}
def case(name, verdict, kinds, about):
    def deco(f):
        new = copy.deepcopy(base); old = copy.deepcopy(base)
        r = f(old, new)
        cases[name] = (old, new, verdict, kinds, about)
        return f
    return deco

# ---- breaking
@case("operation-removed", "breaking", ["operation-removed"], "setPracticeIntake removed")
def _(o, n): del n["paths"]["/practices/{ydernummer}/intake"]
@case("required-request-field-added", "breaking", ["request-property-added-required"], "new required field on lægevalg requests")
def _(o, n):
    S(n)["LaegevalgRequest"]["properties"]["sikringsgruppe"] = {"type": "integer", "enum": [1, 2]}
    S(n)["LaegevalgRequest"]["required"].append("sikringsgruppe")
@case("optional-request-field-made-required", "breaking", ["request-property-became-required"], "doctorAccepted now required")
def _(o, n): S(n)["LaegevalgRequest"]["required"].append("doctorAccepted")
@case("request-enum-narrowed", "breaking", ["request-enum-narrowed"], "IntakeChange.reason loses region-decision")
def _(o, n): S(n)["IntakeChange"]["properties"]["reason"]["enum"].remove("region-decision")
@case("response-enum-widened", "breaking", ["response-enum-widened"], "Registration.endReason gains a value consumers do not know")
def _(o, n): S(n)["Registration"]["properties"]["endReason"]["enum"].append("merged")
@case("shared-enum-widened", "breaking", ["request-enum-widened", "response-enum-widened"], "LaegevalgReason (request and response) gains a value: fine for requests, breaks response readers")
def _(o, n): S(n)["LaegevalgReason"]["enum"].append("region-decision")
@case("request-type-narrowed", "breaking", ["request-type-narrowed"], "radiusKm number -> integer")
def _(o, n): op(n, "/practices", "get")["parameters"][4]["schema"]["type"] = "integer"
@case("response-status-removed", "breaking", ["response-status-removed"], "registerLaegevalg no longer documents 409")
def _(o, n): del op(n, "/laegevalg", "post")["responses"]["409"]
@case("response-field-removed", "breaking", ["response-property-removed"], "Practice.patientCount removed")
def _(o, n):
    del S(n)["Practice"]["properties"]["patientCount"]; S(n)["Practice"]["required"].remove("patientCount")
@case("content-type-changed", "breaking", ["request-media-type-removed", "request-media-type-added"], "intake body now application/merge-patch+json")
def _(o, n):
    c = op(n, "/practices/{ydernummer}/intake", "put")["requestBody"]["content"]; c["application/merge-patch+json"] = c.pop("application/json")
@case("required-header-added", "breaking", ["request-parameter-added-required"], "X-Correlation-Id header now required")
def _(o, n): op(n, "/laegevalg", "post")["parameters"] = [{"name": "X-Correlation-Id", "in": "header", "required": True, "schema": {"type": "string", "format": "uuid"}}]
@case("request-maxlength-tightened", "breaking", ["request-maxLength-tightened"], "IntakeChange gains a note limited to 100, then 50 chars")
def _(o, n):
    S(o)["IntakeChange"]["properties"]["note"] = {"type": "string", "maxLength": 100}
    S(n)["IntakeChange"]["properties"]["note"] = {"type": "string", "maxLength": 50}
@case("request-pattern-tightened", "breaking", ["request-pattern-changed", "response-pattern-changed"], "ydernummer pattern now forbids a leading zero (shared: path param, request and response)")
def _(o, n): S(n)["Ydernummer"]["pattern"] = "^[1-9][0-9]{5}$"
@case("response-field-optional", "breaking", ["response-property-became-optional"], "Registration.registeredAt no longer always sent")
def _(o, n): S(n)["Registration"]["required"].remove("registeredAt")
@case("query-param-made-required", "breaking", ["request-parameter-became-required"], "searchPractices needs municipalityCode")
def _(o, n): op(n, "/practices", "get")["parameters"][0]["required"] = True
@case("response-field-added-to-closed-object", "breaking", ["response-property-added"], "Practice (additionalProperties: false) gains phone")
def _(o, n): S(n)["Practice"]["properties"]["phone"] = {"type": "string"}

# ---- not breaking
@case("optional-request-field-added", "ok", ["request-property-added"], "LaegevalgRequest gains optional note")
def _(o, n): S(n)["LaegevalgRequest"]["properties"]["note"] = {"type": "string", "maxLength": 200}
@case("operation-added", "ok", ["operation-added"], "new GET /practices/{ydernummer}/doctors")
def _(o, n):
    n["paths"]["/practices/{ydernummer}/doctors"] = {"parameters": [{"$ref": "#/components/parameters/Ydernummer"}],
        "get": {"operationId": "listDoctors", "responses": {"200": {"description": "doctors", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}}}
@case("request-enum-widened", "ok", ["request-enum-widened"], "IntakeChange.reason accepts merger")
def _(o, n): S(n)["IntakeChange"]["properties"]["reason"]["enum"].append("merger")
@case("response-status-added", "ok", ["response-status-added"], "getPractice documents 410 Gone")
def _(o, n): op(n, "/practices/{ydernummer}", "get")["responses"]["410"] = {"$ref": "#/components/responses/Problem"}
@case("links-added", "ok", ["links-changed", "version-changed"], "OpenAPI links from registerLaegevalg to getPractice, minor version bump")
def _(o, n):
    n["info"]["version"] = "1.1.0"
    op(n, "/laegevalg", "post")["responses"]["201"]["links"] = {"practice": {"operationId": "getPractice", "parameters": {"ydernummer": "$response.body#/ydernummer"}}}
@case("documentation-changed", "ok", [], "summaries and descriptions reworded")
def _(o, n):
    op(n, "/laegevalg", "post")["summary"] = "Registrér lægevalg (register a doctor choice)."
    S(n)["Practice"]["properties"]["capacity"]["description"] = "Capacity in group-1 patients."
@case("optional-query-param-added", "ok", ["request-parameter-added"], "searchPractices gains optional regionCode filter")
def _(o, n): op(n, "/practices", "get")["parameters"].append({"name": "regionCode", "in": "query", "schema": {"$ref": "#/components/schemas/RegionCode"}})
@case("request-limit-loosened", "ok", ["request-maximum-loosened"], "searchPractices limit up to 1000")
def _(o, n): op(n, "/practices", "get")["parameters"][5]["schema"]["maximum"] = 1000
@case("response-field-added-to-open-object", "ok", ["response-property-added"], "searchPractices envelope (open object) gains nextPage")
def _(o, n): op(n, "/practices", "get")["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["nextPage"] = {"type": "string"}
@case("request-field-made-optional", "ok", ["request-property-became-optional"], "municipalityCode no longer required in lægevalg requests")
def _(o, n): S(n)["LaegevalgRequest"]["required"].remove("municipalityCode")
@case("path-parameter-renamed", "ok", [], "{ydernummer} renamed {yder} in the template: same wire")
def _(o, n):
    for p in list(n["paths"]):
        if "{ydernummer}" in p:
            item = n["paths"].pop(p); n["paths"][p.replace("{ydernummer}", "{yder}")] = item
            item["parameters"] = [{"name": "yder", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/Ydernummer"}}]
@case("response-enum-narrowed", "ok", ["response-enum-narrowed"], "Registration.endReason will never be cancelled")
def _(o, n): S(n)["Registration"]["properties"]["endReason"]["enum"].remove("cancelled")

dump = lambda d: yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=120)
for name, (old, new, verdict, kinds, about) in cases.items():
    d = OUT / name; d.mkdir(parents=True, exist_ok=True)
    (d / "old.yaml").write_text(dump(old)); (d / "new.yaml").write_text(dump(new))
    (d / "expected.json").write_text(json.dumps({"about": about, "verdict": verdict, "kinds": sorted(set(kinds))}, indent=2) + "\n")
print(len(cases), sum(c[2] == "breaking" for c in cases.values()))

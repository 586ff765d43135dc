// Iterator helpers (ES2025) for Node 20: Allure 3.18's quality gate calls Map#values().toArray(), which Node 22 has
// and Node 20 (the machine golive runs on) does not. Loaded with `node --import` by golive/gate/allure_gate.py only.
const proto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
const define = (name, fn) => { if (!proto[name]) Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true }); };
define("toArray", function () { return Array.from(this); });
define("map", function* (f) { let i = 0; for (const v of this) yield f(v, i++); });
define("filter", function* (f) { let i = 0; for (const v of this) if (f(v, i++)) yield v; });
define("forEach", function (f) { let i = 0; for (const v of this) f(v, i++); });
define("some", function (f) { let i = 0; for (const v of this) if (f(v, i++)) return true; return false; });
define("every", function (f) { let i = 0; for (const v of this) if (!f(v, i++)) return false; return true; });
define("find", function (f) { let i = 0; for (const v of this) if (f(v, i++)) return v; return undefined; });
define("reduce", function (f, init) { let acc = init; let i = 0; for (const v of this) acc = f(acc, v, i++); return acc; });

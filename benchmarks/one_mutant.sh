#!/bin/bash
# One hand-made mutant of the reference SUT's rule core, tested as `golive run` tests a SUT: the scenario suite
# (stopping at the first failure), then a 30-s exploration (golive run's default budget).
#   benchmarks/one_mutant.sh NAME 'exact old text' 'new text' [FILE]   # FILE: simulators/sygesikring/decisions.py
# The tree is copied to /tmp/mx/NAME (git-tracked files); prints NAME and who killed it, or SURVIVED.
set -u
name=$1; old=$2; new=$3; file=${4:-simulators/sygesikring/decisions.py}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
python=$root/.venv/bin/python
d=/tmp/mx/$name; rm -rf "$d"; mkdir -p "$d"
(cd "$root" && git ls-files -z | xargs -0 -I{} cp --parents {} "$d/")
ln -s "$root/node_modules" "$d/node_modules"
"$python" - "$d/$file" "$old" "$new" <<'PY'
import sys
path, old, new = sys.argv[1:]
text = open(path, encoding="utf-8").read()
assert text.count(old) == 1, f"the old text occurs {text.count(old)} times in {path}"
open(path, "w", encoding="utf-8").write(text.replace(old, new))
PY
cd "$d" || exit 2
if PYTHONPATH=$d timeout 600 "$python" -m pytest features -x -q -p no:randomly -p no:cacheprovider > "$d.scen.log" 2>&1; then
  if PYTHONPATH=$d timeout 300 "$python" -m golive.cli explore --budget 30s --seed 0 > "$d.expl.log" 2>&1; then
    echo "$name SURVIVED"
  else
    echo "$name killed-by-explorer ($(grep -m1 FINDING "$d.expl.log" | cut -c1-120))"
  fi
else
  echo "$name killed-by-scenarios ($(grep -m1 FAILED "$d.scen.log" | cut -c1-140))"
fi

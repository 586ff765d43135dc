"""The load window (`golive load`, issue 16): citizens racing through the SUT's contract on Locust, judged afterwards
by business invariants read from the journals and the neighbours' state.

Why: integration defects that only concurrency shows — a capacity check and a registration that are not one step, a
registration lost or made twice when Luna is slow, a receipt that lies under back-pressure, a fee posted twice on a
retry storm — are what scenarios run one at a time cannot see, and load tools measure speed, not invariants.

profiles.py   the profiles ([tool.golive.load] in pyproject.toml)    plan.py     the seeded citizens and practice
window.py     serve, open, settle and read the systems                swarm.py    Locust: one process or master+workers
locustfile.py the Locust users (run only inside Locust's processes)   invariants.py  what must hold afterwards
report.py     load.json (the gate reads it), load.md, Allure          command.py  the command line
"""

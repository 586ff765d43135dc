"""`golive gate`: is the system ready to go live, integration by integration — and why not, in words.

Why: go-live was postponed three times because nobody could show, per integration, that it was ready. A run's
verdict is one piece of evidence; the board decides on all of it: scenarios, contract conformance with case counts,
breaking changes against the released contracts, data-variation coverage, resilience, exploration, load, the
selftest's detection rate. This package reads that evidence from a reports folder (evidence.py), decides with
thresholds from configuration (config.py, decide.py), writes the dossier a steering group reads (dossier.py) and
the evidence bundle a board archives (bundle.py). Missing evidence is never a pass: it is "not ready: no evidence of
…" when the configuration requires it.
"""

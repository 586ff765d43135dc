"""The explorer: Hypothesis drives business actions through the Scenario API, the oracle predicts, every neighbour is
checked after every step, and a failure is shrunk and written back as a Danish feature file.

session.py (actions + checks + the Danish trace), observe.py (what the neighbours show), machine.py (the Hypothesis
rules), run.py (seeded chunks within a budget), writeback.py (the feature file), command.py (`golive explore`).
"""

"""The explorer: Hypothesis drives business actions through the Scenario API, the oracle predicts, every neighbour is
checked after every step, and a failure is shrunk and written back as a Danish feature file.

session.py (actions + checks + the Danish trace), observe.py (what the neighbours show), machine.py (the Hypothesis
rules), run.py (seeded chunks within a budget), writeback.py (the feature file), command.py (`golive explore`).
"""

# The Scenario name every explored example's data is derived from (with the chunk's seed). A written-out finding
# (@fundet @seed:N) is run under the same name and seed (golive/plugin.py), so it meets the same people and places.
SCENARIO_NAME = "udforskning"
FOUND_TAG = "fundet"
SEED_TAG = "seed:"

"""The oracle: a compact, executable statement of DOMAIN.md that *predicts* what every neighbour must observe.

Why a package of its own (ARCHITECTURE.md principle 10): the reference SUT is one implementation under test among
many, so the harness needs its own statement of the rules to judge it by. golive/expectations.py holds *checks* a
feature file asks for; this package holds *predictions*: given a business action and a model of the world, what the
SUT answers (status, problem type, effect date, fee), what Luna registers, which messages the Servicebus carries (by
topic, with their key content), which vouchers Finance books (or none) and what E-flyt's receipt says.

- tables.py: the rules as decision tables and small pure functions (fee by year, distance limit, free cases,
  effect dates, windows); every number read from simulators/rules.py.
- answers.py: what a prediction says (the SUT's answer, whose neighbours to look at) and the SUT's topics.
- registers.py: what CPR's life events and E-flyt's repeated cases must (not) change.
- model.py: the oracle's own model of the world (citizens, their group, doctor, home, coverage, practices open or
  closed, what was charged) and one `predict_*` per business action, which returns the prediction and moves the
  model on. An action whose outcome the oracle cannot predict returns a prediction marked `unpredicted` (with why):
  the explorer then checks nothing it cannot vouch for, and says so.

Never imports the reference SUT (simulators.sygesikring).
"""

from golive.oracle.answers import Answer, Prediction
from golive.oracle.model import CitizenModel, Oracle, PracticeModel
from golive.oracle.tables import distance_limit_km, fee_kr, fee_ore

__all__ = [
    "Answer",
    "CitizenModel",
    "Oracle",
    "PracticeModel",
    "Prediction",
    "distance_limit_km",
    "fee_kr",
    "fee_ore",
]

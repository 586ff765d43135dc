"""The reference SUT's business flows, one module each: they orchestrate, the rule core decides.

A flow takes a request or an event, gathers the facts a decision needs (the SUT's own record, Luna, CPR), asks
the rule core (decisions.py), and acts: records the result, runs the Luna steps as a job (jobs.py), books the fee
(fees.py), publishes, answers. None of them holds a rule of its own.

- citizens.py  registering a citizen; children following a parent's doctor (SFolgerskabsPerson)
- choice.py    lægevalg, the citizen's choice of doctor
- move.py      move cases (flytninger) pushed by E-flyt, and their receipts (kvitteringer)
- group.py     change of sikringsgruppe (insurance group 1 or 2)
- card.py      health cards (sundhedskort)
- events.py    what CPR and Luna tell through the Servicebus (death, emigration, new CPR number, practices closing)
"""

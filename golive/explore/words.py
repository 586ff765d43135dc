"""The words the explorer records its steps in: the Gherkin keywords, and the Danish word the step library reads for
each code it draws (golive/vocabulary.py). Apart from session.py so that every module recording steps shares them.
"""

from __future__ import annotations

from golive.vocabulary import CARD_REASONS, CLOSING_REASONS, CPR_CHANGES

GIVEN, WHEN, THEN = "Givet", "Når", "Så"
MARRIED_SUFFIX = "-Holm"  # the married name golive.scenario.Scenario.cpr_event gives a name change [design]
DANISH = {  # a code -> the Danish word the step library reads (golive/vocabulary.py)
    **{t.code: t.da[0] for t in CARD_REASONS.terms if t.da},
    **{t.code: t.da[0] for t in CPR_CHANGES.terms if t.da},
    **{t.code: t.da[0] for t in CLOSING_REASONS.terms if t.da},
}

"""The words that sort a failure into its Allure category, in one place.

A failure's message starts with its category's marker; the categories (golive/allure_support.py) match on it. So
the code that raises a failure (golive/failures.py, the contract suites' reports) and the report agree by sharing
these words, not by copying them.
"""

CONTRACT_VIOLATION_MARKER = "kontraktbrud"  # Kontraktbrud: an exchange broke a contract
HARNESS_MARKER = "Harness-fejl"  # Harness-fejl: a simulator did not answer; no verdict on the SUT can be drawn

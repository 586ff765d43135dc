"""The explorer's [design] numbers, in one place (no imports: the CLI reads them before anything heavy is loaded)."""

EXAMPLES_PER_CHUNK = 10  # examples per seeded chunk (a budget is checked between chunks)
VENDOR_EXAMPLES_PER_CHUNK = 1  # against a vendor's SUT (a few actions a second): the budget is kept to an example
STEPS_PER_EXAMPLE = 25  # business actions per example at most (Hypothesis' stateful_step_count)
DEFAULT_BUDGET_S = 60.0  # `golive explore` without --budget
RUN_BUDGET_S = 10.0  # the short exploration `golive run` adds to the scenarios (`--no-explore` skips it)
SELFTEST_BUDGET_S = 3.0  # per defect in `golive selftest` (`--explore-budget`)

"""The explorer's [design] numbers, in one place, and how a budget is written (only argparse imported: the CLI reads
them before anything heavy is loaded)."""

import argparse

EXAMPLES_PER_CHUNK = 10  # examples per seeded chunk (a budget is checked between chunks)
VENDOR_EXAMPLES_PER_CHUNK = 1  # against a vendor's SUT (a few actions a second): the budget is kept to an example
# A budget's k-th chunk of seed s has the seed s + k * CHUNK_SEED_STRIDE: the runs of seeds 1, 2 and 3 share no chunk
# (with a stride of 1 they were one sequence, shifted by a chunk). A prime, far above any budget's chunk count.
CHUNK_SEED_STRIDE = 1_000_003
STEPS_PER_EXAMPLE = 25  # business actions per example at most (Hypothesis' stateful_step_count)
DEFAULT_BUDGET_S = 60.0  # `golive explore` without --budget
RUN_BUDGET_S = 30.0  # the short exploration `golive run` adds to the scenarios (`--no-explore` skips it)
SELFTEST_BUDGET_S = 3.0  # per defect in `golive selftest` (`--explore-budget`)


def parse_budget(text: str) -> float:
    """60, 60s, 2m, 1.5m -> seconds."""
    text = text.strip().lower()
    try:
        if text.endswith("m"):
            return float(text[:-1]) * 60
        return float(text.removesuffix("s"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"a budget is seconds or minutes (60s, 2m), not {text!r}") from None


def budget(text: str) -> float:
    """An argparse type: a budget of more than no time."""
    seconds = parse_budget(text)
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"a budget is more than no time (60s, 2m), not {text!r}")
    return seconds

"""The names of what a scenario records about itself as pytest user properties (so JUnit <property> elements, which
travel through pytest-xdist), in one place: the console writes them, the verdict table and the gate read them, and
the gate runs where pytest is not installed (the vendor image), so these names must not live in a pytest plugin.
"""

WHERE = "golive.where"  # "features/laegevalg/gebyr.feature:12"
TITLE = "golive.title"  # the scenario's title (with an outline row's values)
STEP = "golive.step"  # the step that failed

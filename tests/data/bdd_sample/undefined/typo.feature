Feature: A scenario with a typo
  Scenario: The step text has a typo
    Given a citizen who lost the health card 2 times
    When the citizen order a new healthcard

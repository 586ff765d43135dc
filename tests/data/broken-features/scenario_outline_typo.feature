Feature: A misspelt outline

  Scenario Outlin: A date from a table
    Given today is <date>

    Examples:
      | date       |
      | 2024-03-01 |

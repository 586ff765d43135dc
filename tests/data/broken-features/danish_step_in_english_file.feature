Feature: A Danish step keyword in an English file

  Scenario: Today
    Givet today is 2024-03-01

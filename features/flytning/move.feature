@flytning @krav:SYG-101
Feature: Moving far away with a doctor chosen in E-flyt
  As a citizen moving across the country I want to choose a doctor near my new home in the move
  self-service, free of charge, so that I am covered from the day I move in.

  Background:
    Given today is 2024-03-01

  Scenario: A move from Aalborg to København gives a free doctor near the new home
    Given a citizen in sikringsgruppe 1 living in Aalborg Kommune with a doctor of their own
    And the citizen is moving to København Kommune
    And an open practice 2 km from the citizen's new address
    When the citizen reports the move as of 2024-03-20 choosing the open practice
    Then E-flyt receives a receipt for a completed move with the open practice from 2024-03-20
    And Luna registers the citizen with the open practice from 2024-03-20
    And the Servicebus delivers one message about changed doctor for the citizen to the partners
    And the Servicebus message about changed doctor for the citizen names København Kommune
    And no fee is posted for the citizen
    And no exchange violated a contract

@sundhedskort @krav:SYG-131
Feature: Ordering a health card
  A replacement health card (sundhedskort) costs the year's fee; a first card and the other
  free cases the law names cost nothing.

  Background:
    Given today is 2024-03-01

  Scenario: A replacement for a lost card costs the fee
    Given a citizen in sikringsgruppe 1 living in Aarhus Kommune with a doctor of their own
    When the citizen orders a health card because of lost card
    Then the card costs 225 kr.
    And a fee of 225 kr. is posted for the citizen
    And the Servicebus delivers one message about ordered health card for the citizen to the partners
    And no exchange violated a contract

  @krav:SYG-132
  Scenario Outline: A health card for a free reason costs nothing
    Given <citizen>
    And <event>
    When the citizen orders a health card because of <reason>
    Then the card is free
    And no fee is posted for the citizen
    And the Servicebus delivers one message about ordered health card for the citizen to the partners
    And no exchange violated a contract

    Examples:
      | citizen                                                                             | event                      | reason      |
      | a citizen in sikringsgruppe 1 living in Aarhus Kommune with a doctor of their own   | 0 days have passed         | first card  |
      | a citizen in Aarhus Kommune who turns 15 today                                      | 10 days have passed        | turning 15  |

    # This row found a real integration defect: the CPR simulator published cpr.person-changed with `name`
    # as an object where the bus contract wants the full name (PNavn); the bus refused it, so the
    # municipality never heard of the name change. Fixed in simulators/cpr; the row now passes.
    Examples: after a name change
      | citizen                                                                             | event                                      | reason      |
      | a citizen in sikringsgruppe 1 living in Odense Kommune with a doctor of their own   | CPR has recorded the citizen's name change | name change |

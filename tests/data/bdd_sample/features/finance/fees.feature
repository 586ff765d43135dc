@gebyr @krav:SYG-201
Feature: Health card fee
  A lost health card costs a fee, posted to Finance.

  Scenario: A fee is posted for a replacement card
    Given a citizen who lost the health card 2 times
    When the citizen orders a new health card
    Then a fee of 19500 øre is posted to Finance

  Scenario: No voucher is expected but one arrives
    Given a citizen who lost the health card 1 times
    When the citizen orders a new health card
    Then Finance receives no voucher

  Scenario: The harness cannot reach the Servicebus
    Given a citizen who lost the health card 1 times
    Then the Servicebus is reachable

# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects fee-not-retried
# Den indbyggede fejl i reference-SUT'en: fee-not-retried (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: the SUT charged borger 1 a fee of 22500 øre 1 time(s) more than Finance booked: the fee was never posted - [one-voucher-per-fee] the SUT charged borger 1 a fee of 22500 øre 1 time(s) more than Finance booked: the fee was never posted
@fundet @seed:0
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Finance svarer med fejl på de næste 2 bogføringer
    Når borger 1 bestiller et sundhedskort med begrundelsen mistet kort
    Så viser hver nabo det, som oraklet forudsiger

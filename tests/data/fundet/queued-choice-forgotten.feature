# language: da
# Fundet af udforskeren (golive explore) med seed 14; genafspil: golive explore --seed 14 --max-examples 10 --steps 25 --defects queued-choice-forgotten
# Den indbyggede fejl i reference-SUT'en: queued-choice-forgotten (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: the SUT charged borger 1 a fee of 22500 øre 1 time(s) more than Finance booked: the fee was never posted - [one-voucher-per-fee] the SUT charged borger 1 a fee of 22500 øre 1 time(s) more than Finance booked: the fee was never posted
@fundet @seed:14
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 14
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s bopæl
    Og Luna er nede i 10 minutter
    Når borger 1 vælger praksis 1 som læge
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 2; genafspil: golive explore --seed 2 --max-examples 10 --steps 25 --defects fee-posted-twice-on-retry
# Den indbyggede fejl i reference-SUT'en: fee-posted-twice-on-retry (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: Finance holds 1 fee voucher(s) of 22500 øre for borger 1 that no answer of the SUT charged (the SUT charged borger 1 1 time(s)): a free change was charged or one fee was booked twice - [one-voucher-per-fee] Finance holds 1 fee voucher(s) of 22500 øre for borger 1 that no answer of …
@fundet @seed:2
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 2
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når der er gået 13 dage
    Og borger 2 fylder 15 år i dag, bor hos borger 1 og har samme læge
    Og borger 3 fylder 15 år i dag, bor hos borger 1 og har samme læge
    Og Luna er nede i 10 minutter
    Og borger 2 skifter til sikringsgruppe 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og Finance timer ud efter bogføringen
    Og borger 1 skifter til sikringsgruppe 2
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects free-card-fee-posted
# Den indbyggede fejl i reference-SUT'en: free-card-fee-posted (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: Finance holds 1 fee voucher(s) of 22500 øre for borger 1 that no answer of the SUT charged (the SUT charged borger 1 0 time(s)): a free change was charged or one fee was booked twice - [one-voucher-per-fee] Finance holds 1 fee voucher(s) of 22500 øre for borger 1 that no answer of …
@fundet @seed:1
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når der er gået 1 dage
    Og Luna er nede i 10 minutter
    Og borger 1 bestiller et sundhedskort med begrundelsen første kort
    Så viser hver nabo det, som oraklet forudsiger

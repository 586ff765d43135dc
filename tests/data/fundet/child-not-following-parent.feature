# language: da
# Fundet af udforskeren (golive explore) med seed 8; genafspil: golive explore --seed 8 --max-examples 10 --steps 25 --defects child-not-following-parent
# Den indbyggede fejl i reference-SUT'en: child-not-following-parent (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: the SUT charged borger 1 a fee of 22500 øre 1 time(s) more than Finance booked: the fee was never posted - [one-voucher-per-fee] the SUT charged borger 1 a fee of 22500 øre 1 time(s) more than Finance booked: the fee was never posted
@fundet @seed:8
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 8
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Og borger 2 i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 2s bopæl
    Og Luna er nede i 10 minutter
    Når borger 1 vælger praksis 1 som læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Og Luna er nede i 10 minutter
    Og borger 1 vælger praksis 1 som læge og giver afkald på sygebesøg
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects fee-by-request-year
# Den indbyggede fejl i reference-SUT'en: fee-by-request-year (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: [(22500, 'Sys Charlotte Johansen Mathiasen-Holst')]
# Finance viste: [(22000, 'Sys Charlotte Johansen Mathiasen-Holst')]
@fundet @seed:1
Egenskab: Fundet af udforskeren: Finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2023-12-18
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og et navn på mere end 34 tegn
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s bopæl
    Og Luna er nede i 10 minutter
    Når borger 1 vælger praksis 1 som læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

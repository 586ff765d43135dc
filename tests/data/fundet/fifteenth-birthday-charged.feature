# language: da
# Fundet af udforskeren (golive explore) med seed 2; genafspil: golive explore --seed 2 --max-examples 10 --steps 25 --defects fifteenth-birthday-charged
# Den indbyggede fejl i reference-SUT'en: fifteenth-birthday-charged (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: []
# Finance viste: [(22500, 'Sys Klausen')]
@fundet @seed:2
Egenskab: Fundet af udforskeren: Finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 2
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og fylder 15 år i dag
    Og praksis 1 åben for tilgang ligger 2 km fra borger 1s bopæl
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og Luna er nede i 10 minutter
    Når borger 1 vælger praksis 1 som læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

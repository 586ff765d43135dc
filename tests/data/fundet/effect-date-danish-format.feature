# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects effect-date-danish-format
# Den indbyggede fejl i reference-SUT'en: effect-date-danish-format (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: Luna refused registerLaegevalg from the SUT: body.effectiveDate '15-03-2024' breaks `format: date` (contracts/luna.openapi.yaml:493) - [contract] Luna refused registerLaegevalg from the SUT: body.effectiveDate '15-03-2024' breaks `format: date` (contracts/luna.openapi.yaml:493)
@fundet @seed:0
Egenskab: Fundet af udforskeren: luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s bopæl
    Og Luna er nede i 10 minutter
    Når borger 1 vælger praksis 1 som læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 3; genafspil: golive explore --seed 3 --max-examples 10 --steps 25 --defects fee-by-request-year
# Den indbyggede fejl i reference-SUT'en: fee-by-request-year (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '201, effect date 2024-01-01, fee 22500 øre'
# Sygesikring (SUT) viste: '201, effect date 2024-01-01, fee 22000 øre'
@fundet @seed:3
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 3
    Givet at dags dato er 2023-12-18
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Luna er nede i 10 minutter
    Når borger 1 skifter til sikringsgruppe 2
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 17; genafspil: golive explore --seed 17 --max-examples 10 --steps 25 --defects group-lock-one-day-too-long
# Den indbyggede fejl i reference-SUT'en: group-lock-one-day-too-long (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '201, effect date 2025-03-29, fee 22500 øre'
# Sygesikring (SUT) viste: '409 group-change-locked'
@fundet @seed:17
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 17
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borger 1 skifter til sikringsgruppe 2
    Og der er gået 379 dage
    Og borger 1 skifter til sikringsgruppe 1
    Så viser hver nabo det, som oraklet forudsiger

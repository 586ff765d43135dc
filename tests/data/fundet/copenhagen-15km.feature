# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects copenhagen-15km
# Den indbyggede fejl i reference-SUT'en: copenhagen-15km (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '422 distance-rule'
# Sygesikring (SUT) viste: '409 closed-practice'
@fundet @seed:0
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og borger 1 skal flytte 2 km mod syd
    Og praksis 1 lukket for tilgang ligger 5 km fra borger 1s nye adresse
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og borger 1 vælger praksis 1 som læge
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects effect-date-off-by-one
# Den indbyggede fejl i reference-SUT'en: effect-date-off-by-one (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '201, effect date 2024-03-19, fee 22500 øre'
# Sygesikring (SUT) viste: '201, effect date 2024-03-18, fee 22500 øre'
@fundet @seed:0
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Og borger 1 indsender flytningen pr. 2024-03-02 og vælger praksis 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 vælger praksis 1 som læge
    Så viser hver nabo det, som oraklet forudsiger

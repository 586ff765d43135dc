# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects choice-after-coverage-ended
# Den indbyggede fejl i reference-SUT'en: choice-after-coverage-ended (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: borger 1's sygesikring had ended (death or emigration), yet afterwards the SUT accepted chooseDoctor (POST /citizens/1902650748/laegevalg) — The SUT (sygesikring) was told of a change for a citizen no longer covered - [nothing-after-coverage-ended] borger 1's sygesikring had ended …
@fundet @seed:1
Egenskab: Fundet af udforskeren: sygesikring viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Og Luna er nede i 10 minutter
    Når CPR registrerer dødsfald for borger 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s bopæl
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og Luna er nede i 10 minutter
    Og borger 1 vælger praksis 1 som læge
    Så viser hver nabo det, som oraklet forudsiger

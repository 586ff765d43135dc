# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects move-keeps-old-municipality-code
# Den indbyggede fejl i reference-SUT'en: move-keeps-old-municipality-code (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [('460234', '2025-01-09', 155, 1)], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': [('first-card', 0, 101)]}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [('460234', '2025-01-09', 101, 1)], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': [('first-card', 0, 101)]}
@fundet @seed:1
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og Luna er nede i 10 minutter
    Når borger 1 bestiller et sundhedskort med begrundelsen første kort
    Og der går 10 minutter
    Og Luna er oppe igen
    Og sagsbehandleren slår borger 1 op
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Og der er gået 306 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og der er gået 1 dage
    Og borger 1 skal flytte 15.05 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Og borger 1 indsender flytningen pr. 2025-01-06 og vælger praksis 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

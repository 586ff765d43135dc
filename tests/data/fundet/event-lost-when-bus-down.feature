# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects event-lost-when-bus-down
# Den indbyggede fejl i reference-SUT'en: event-lost-when-bus-down (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [(1, 2, '2024-03-17', 751)], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
@fundet @seed:0
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og er født i 2000-tallet
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når der er gået 1 dage
    Og der er gået 1 dage
    Og Servicebussen tager ikke imod beskeder i 10 minutter
    Og borger 1 skifter til sikringsgruppe 2
    Og der går 10 minutter
    Og Servicebussen er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

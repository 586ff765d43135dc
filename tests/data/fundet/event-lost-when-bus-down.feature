# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects event-lost-when-bus-down
# Den indbyggede fejl i reference-SUT'en: event-lost-when-bus-down (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': [('first-card', 0, 751)]}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
@fundet @seed:1
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Servicebussen tager ikke imod beskeder i 10 minutter
    Når borger 1 bestiller et sundhedskort med begrundelsen første kort
    Og der går 10 minutter
    Og Servicebussen er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

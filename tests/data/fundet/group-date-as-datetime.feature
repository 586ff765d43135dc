# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects group-date-as-datetime
# Den indbyggede fejl i reference-SUT'en: group-date-as-datetime (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [(1, 2, '2024-03-15', 751)], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
@fundet @seed:0
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borger 1 skifter til sikringsgruppe 2
    Så viser hver nabo det, som oraklet forudsiger

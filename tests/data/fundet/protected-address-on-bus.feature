# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects protected-address-on-bus
# Den indbyggede fejl i reference-SUT'en: protected-address-on-bus (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [('212392', '2024-03-15', 751, 1)], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
@fundet @seed:1
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 lukket for tilgang ligger 3 km fra borger 1s bopæl
    Når borger 1 vælger praksis 1 som læge med undtagelsen få åbne læger
    Så viser hver nabo det, som oraklet forudsiger

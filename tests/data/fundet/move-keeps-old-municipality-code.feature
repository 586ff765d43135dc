# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects move-keeps-old-municipality-code
# Den indbyggede fejl i reference-SUT'en: move-keeps-old-municipality-code (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [('581580', '2024-03-01', 727, 1)], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [('581580', '2024-03-01', 751, 1)], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [], 'sygesikring.healthcard-ordered': []}
@fundet @seed:0
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og et CPR-nummer uden modulus 11
    Og borger 1 skal flytte 14.95 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

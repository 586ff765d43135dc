# language: da
# Fundet af udforskeren (golive explore) med seed 7; genafspil: golive explore --seed 7 --max-examples 10 --steps 25 --defects duplicate-delivery-processed-twice
# Den indbyggede fejl i reference-SUT'en: duplicate-delivery-processed-twice (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [('death', '2024-03-01', 751)], 'sygesikring.healthcard-ordered': []}
# Servicebussen viste: {'sygesikring.laegevalg-changed': [], 'sygesikring.group-changed': [], 'sygesikring.coverage-ended': [('death', '2024-03-01', 751), ('death', '2024-03-01', 751)], 'sygesikring.healthcard-ordered': []}
@fundet @seed:7
Egenskab: Fundet af udforskeren: Servicebussen viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 7
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Og Servicebussen leverer beskeder om CPR-hændelser to gange
    Når CPR registrerer dødsfald for borger 1
    Og Servicebussen er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 6; genafspil: golive explore --seed 6 --max-examples 10 --steps 25 --defects copenhagen-15km
# Den indbyggede fejl i reference-SUT'en: copenhagen-15km (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'62e2f36d-ee34-45ad-8267-ae38e09e39ec': ('rejected', None)}
# E-flyt viste: {'62e2f36d-ee34-45ad-8267-ae38e09e39ec': ('completed', None)}
@fundet @seed:6
Egenskab: Fundet af udforskeren: E-flyt viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 6
    Givet at dags dato er 2023-12-18
    Og borger 1 i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og borger 1 skal flytte 14.95 km mod syd
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s nye adresse
    Når borger 1 indsender flytningen pr. 2023-12-15 og vælger praksis 1
    Så viser hver nabo det, som oraklet forudsiger

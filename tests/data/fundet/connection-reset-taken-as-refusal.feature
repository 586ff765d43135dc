# language: da
# Fundet af udforskeren (golive explore) med seed 2; genafspil: golive explore --seed 2 --max-examples 10 --steps 25 --defects connection-reset-taken-as-refusal
# Den indbyggede fejl i reference-SUT'en: connection-reset-taken-as-refusal (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '409 closed-practice'
# Sygesikring (SUT) viste: '422 luna-refused'
@fundet @seed:2
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 2
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 2 fylder 15 år i dag, bor hos borger 1 og har samme læge
    Og borger 3 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s nye adresse
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og Luna afbryder forbindelsen ved næste registrering
    Og borger 1 vælger praksis 1 som læge
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects fee-charged-on-move
# Den indbyggede fejl i reference-SUT'en: fee-charged-on-move (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: []
# Finance viste: [(22500, 'Rita Eriksen')]
@fundet @seed:1
Egenskab: Fundet af udforskeren: Finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune uden læge
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Så viser hver nabo det, som oraklet forudsiger

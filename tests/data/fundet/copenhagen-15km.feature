# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects copenhagen-15km
# Den indbyggede fejl i reference-SUT'en: copenhagen-15km (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '422 distance-rule, limitKm=5'
# Sygesikring (SUT) viste: '422 distance-rule, limitKm=15'
@fundet @seed:1
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 2 i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og praksis 1 lukket for tilgang ligger 3 km fra borger 1s bopæl
    Når borger 1 vælger praksis 1 som læge med undtagelsen få åbne læger
    Og Luna afbryder forbindelsen ved næste registrering
    Og borger 2 vælger praksis 1 som læge
    Så viser hver nabo det, som oraklet forudsiger

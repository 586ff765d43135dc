# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects effect-date-danish-format
# Den indbyggede fejl i reference-SUT'en: effect-date-danish-format (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '201, effect date 2024-03-15, fee 22500 øre, admitted by the exception few-open-doctors'
# Sygesikring (SUT) viste: '422 luna-refused'
@fundet @seed:0
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 lukket for tilgang ligger 3 km fra borger 1s bopæl
    Når borger 1 vælger praksis 1 som læge med undtagelsen få åbne læger
    Så viser hver nabo det, som oraklet forudsiger

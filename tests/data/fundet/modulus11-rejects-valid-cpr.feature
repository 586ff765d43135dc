# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects modulus11-rejects-valid-cpr
# Den indbyggede fejl i reference-SUT'en: modulus11-rejects-valid-cpr (GOLIVE_SUT_DEFECTS)
# Fejlen: the SUT refused to register borger 2, a person the CPR register holds: 422 {"type":"urn:golive:problem:invalid-cpr","title":"Invalid CPR number","status":422,"detail":"2610870660 fails the modulus-11 check","cpr":"2610870660"}
@fundet @seed:0
Egenskab: Fundet af udforskeren: sygesikring viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 2 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og et CPR-nummer uden modulus 11
    Så viser hver nabo det, som oraklet forudsiger

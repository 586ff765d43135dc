# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects emigration-ignored
# Den indbyggede fejl i reference-SUT'en: emigration-ignored (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'group': 1, 'status': 'ended'}
# Sygesikring (SUT) viste: {'group': 1, 'status': 'active'}
@fundet @seed:0
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer udvandring for borger 1
    Så viser hver nabo det, som oraklet forudsiger

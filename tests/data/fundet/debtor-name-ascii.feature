# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects debtor-name-ascii
# Den indbyggede fejl i reference-SUT'en: debtor-name-ascii (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: [(22500, 'Josefine Østergaard')]
# Finance viste: [(22500, 'Josefine Oestergaard')]
@fundet @seed:0
Egenskab: Fundet af udforskeren: Finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og æ, ø eller å i navnet
    Når borger 1 skifter til sikringsgruppe 2
    Så viser hver nabo det, som oraklet forudsiger

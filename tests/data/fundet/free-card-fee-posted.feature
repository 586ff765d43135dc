# language: da
# Fundet af udforskeren (golive explore) med seed 2; genafspil: golive explore --seed 2 --max-examples 10 --steps 25 --defects free-card-fee-posted
# Den indbyggede fejl i reference-SUT'en: free-card-fee-posted (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: []
# Finance viste: [(22500, 'Frederikke Karlsen')]
@fundet @seed:2
Egenskab: Fundet af udforskeren: Finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 2
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borger 1 bestiller et sundhedskort med begrundelsen første kort
    Så viser hver nabo det, som oraklet forudsiger

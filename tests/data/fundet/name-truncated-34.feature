# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects name-truncated-34
# Den indbyggede fejl i reference-SUT'en: name-truncated-34 (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: [(22500, 'Rikke Elin Lauridsen Bertelsen Johnsen-Friis')]
# Finance viste: [(22500, 'Rikke Elin Lauridsen Bertelsen Joh')]
@fundet @seed:1
Egenskab: Fundet af udforskeren: Finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og et navn på mere end 34 tegn
    Og Luna er nede i 10 minutter
    Når borger 1 bestiller et sundhedskort med begrundelsen mistet kort
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects retry-storm-when-down
# Den indbyggede fejl i reference-SUT'en: retry-storm-when-down (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: the SUT sent Finance 200 requests in the minute from 2024-03-01T09:10 (virtual time); the retry policy allows at most 30 a minute: a neighbour that is down is flooded - [no-flooding] the SUT sent Finance 200 requests in the minute from 2024-03-01T09:10 (virtual time); the retry pol…
@fundet @seed:0
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Luna er nede i 10 minutter
    Når borger 1 bestiller et sundhedskort med begrundelsen mistet kort
    Og der går 10 minutter
    Og Luna er oppe igen
    Og Finance er nede i 10 minutter
    Og borger 1 bestiller et sundhedskort med begrundelsen første kort
    Så viser hver nabo det, som oraklet forudsiger

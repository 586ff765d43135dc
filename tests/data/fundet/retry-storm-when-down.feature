# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects retry-storm-when-down
# Den indbyggede fejl i reference-SUT'en: retry-storm-when-down (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: the SUT sent Luna 201 requests in the minute from 2024-03-01T09:00 (virtual time); the retry policy allows at most 30 a minute: a neighbour that is down is flooded - [no-flooding] the SUT sent Luna 201 requests in the minute from 2024-03-01T09:00 (virtual time); the retry policy al…
@fundet @seed:0
Egenskab: Fundet af udforskeren: luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når sagsbehandleren slår borger 1 op
    Og Luna er nede i 10 minutter
    Og CPR registrerer dødsfald for borger 1
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects minlog-entry-per-login
# Den indbyggede fejl i reference-SUT'en: minlog-entry-per-login (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: borger 1's MinLog holds 1 look-up(s) in session s-8a765075-29e1-453e-b619-b3a49d4d51ab that no caseworker made there: an entry written for a login, a batch run or background work - [minlog-only-lookups] borger 1's MinLog holds 1 look-up(s) in session s-8a765075-29e1-453e-b619-b3a49…
@fundet @seed:0
Egenskab: Fundet af udforskeren: minlog viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når sagsbehandleren slår borger 1 op
    Og sagsbehandleren logger ind igen
    Og sagsbehandleren slår borger 1 op
    Så viser hver nabo det, som oraklet forudsiger

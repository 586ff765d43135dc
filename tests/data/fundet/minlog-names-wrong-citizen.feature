# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects minlog-names-wrong-citizen
# Den indbyggede fejl i reference-SUT'en: minlog-names-wrong-citizen (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: an entry in borger 1's MinLog names borger 2: 'Opslag på sygesikring for borger 0103094933' - [minlog-own-citizen-only] an entry in borger 1's MinLog names borger 2: 'Opslag på sygesikring for borger 0103094933'
@fundet @seed:1
Egenskab: Fundet af udforskeren: minlog viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 2 fylder 15 år i dag, bor hos borger 1 og har samme læge
    Når sagsbehandleren slår borger 2 op
    Og sagsbehandleren slår borger 1 op
    Så viser hver nabo det, som oraklet forudsiger

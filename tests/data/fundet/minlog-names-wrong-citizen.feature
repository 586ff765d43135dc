# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects minlog-names-wrong-citizen
# Den indbyggede fejl i reference-SUT'en: minlog-names-wrong-citizen (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: an entry in borger 2's MinLog names borger 1: 'Opslag på sygesikring for borger 2709659424' - [minlog-own-citizen-only] an entry in borger 2's MinLog names borger 1: 'Opslag på sygesikring for borger 2709659424'
@fundet @seed:0
Egenskab: Fundet af udforskeren: minlog viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 2 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når sagsbehandleren slår borger 1 op
    Og sagsbehandleren slår borger 2 op
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 3; genafspil: golive explore --seed 3 --max-examples 10 --steps 25 --defects stale-practice-event-applied
# Den indbyggede fejl i reference-SUT'en: stale-practice-event-applied (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '201, effect date 2024-03-17, free (practice-closed)'
# Sygesikring (SUT) viste: '201, effect date 2024-03-17, fee 22500 øre'
@fundet @seed:3
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 3
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 2 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 3 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s bopæl
    Og praksis 2 lukket for tilgang ligger 0.5 km fra borger 1s bopæl
    Og praksis 3 åben for tilgang ligger 0.5 km fra borger 1s bopæl
    Når borger 1 vælger praksis 1 som læge og giver afkald på sygebesøg
    Og regionen lukker praksis 1 for tilgang, fordi den er fuld
    Og der er gået 1 dage
    Og Servicebussen leverer den næste besked om praksisændringer i forkert rækkefølge
    Og regionen åbner praksis 1 for tilgang igen
    Og der er gået 1 dage
    Og regionen lukker praksis 1 for tilgang, fordi praksis ophører
    Og Servicebussen har leveret alle beskeder om praksisændringer
    Og Servicebussen er oppe igen
    Og borger 1 vælger praksis 3 som læge
    Så viser hver nabo det, som oraklet forudsiger

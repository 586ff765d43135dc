# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects stale-practice-event-applied
# Den indbyggede fejl i reference-SUT'en: stale-practice-event-applied (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: '201, effect date 2024-03-30, free'
# Sygesikring (SUT) viste: '201, effect date 2024-03-30, fee 22500 øre'
@fundet @seed:1
Egenskab: Fundet af udforskeren: Sygesikring (SUT) viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s bopæl
    Og borger 2 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når der er gået 13 dage
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 2 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Og borger 1 indsender flytningen pr. 2024-03-11 og vælger praksis 2
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 vælger praksis 1 som læge og giver afkald på sygebesøg
    Og regionen lukker praksis 1 for tilgang, fordi den er fuld
    Og der er gået 1 dage
    Og Servicebussen leverer den næste besked om praksisændringer i forkert rækkefølge
    Og regionen åbner praksis 1 for tilgang igen
    Og der er gået 1 dage
    Og regionen lukker praksis 1 for tilgang, fordi praksis ophører
    Og Servicebussen har leveret alle beskeder om praksisændringer
    Og Servicebussen er oppe igen
    Og borger 1 vælger praksis 2 som læge
    Så viser hver nabo det, som oraklet forudsiger

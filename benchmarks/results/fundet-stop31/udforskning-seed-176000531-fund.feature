# language: da
# Fundet af udforskeren (golive explore) med seed 176000531; genafspil: golive explore --seed 176000531 --max-examples 10 --steps 25
# Fejlen: invariant brudt: Finance holds 1 fee voucher(s) of 22500 øre for borger 1 that no answer of the SUT charged (the SUT charged borger 1 1 time(s)): a free change was charged or one fee was booked twice - [one-voucher-per-fee] Finance holds 1 fee voucher(s) of 22500 øre for borger 1 that no answer of …
@fundet @seed:176000531
Egenskab: Fundet af udforskeren: finance viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 176000531
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og er indvandret
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og der er gået 30 dage
    Og borger 1 skifter til sikringsgruppe 2
    Og der er gået 378 dage
    Og borger 1 skifter til sikringsgruppe 1
    Og Luna er nede i 10 minutter
    Og borger 1 vælger sin oprindelige læge og giver afkald på sygebesøg
    Og der går 10 minutter
    Og Luna er oppe igen
    Og Luna er nede i 10 minutter
    Og borger 1 vælger sin oprindelige læge med virkning fra 2025-04-27
    Og der går 10 minutter
    Og Luna er oppe igen
    Og CPR giver borger 1 et nyt personnummer
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 4; genafspil: golive explore --seed 4 --max-examples 10 --steps 25 --defects luna-registration-retried-blindly
# Den indbyggede fejl i reference-SUT'en: luna-registration-retried-blindly (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [('103767', '2024-03-15'), ('392499', '2024-03-15')], 'ended': None}
# Luna viste: {'registrations': [('103767', '2024-03-15'), ('392499', '2024-03-15'), ('392499', '2024-03-15')], 'ended': None}
@fundet @seed:4
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 4
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 lukket for tilgang ligger 3 km fra borger 1s bopæl
    Når borger 1 vælger praksis 1 som læge med undtagelsen få åbne læger
    Og Luna svarer for sent på næste registrering
    Og borger 1 vælger sin oprindelige læge
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

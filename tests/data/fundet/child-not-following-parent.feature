# language: da
# Fundet af udforskeren (golive explore) med seed 15; genafspil: golive explore --seed 15 --max-examples 10 --steps 25 --defects child-not-following-parent
# Den indbyggede fejl i reference-SUT'en: child-not-following-parent (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [('399788', '2024-03-03')], 'ended': None}
# Luna viste: {'registrations': [], 'ended': None}
@fundet @seed:15
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 15
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når der er gået 1 dage
    Og der er gået 1 dage
    Og praksis 1 lukket for tilgang ligger 3 km fra borger 1s bopæl
    Og Luna er nede i 10 minutter
    Og borger 1 vælger praksis 1 som læge med undtagelsen få åbne læger
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 skal flytte 0.5 km mod syd
    Og borger 1 indsender flytningen pr. 2024-02-29 med sine børn uden at vælge læge
    Så viser hver nabo det, som oraklet forudsiger

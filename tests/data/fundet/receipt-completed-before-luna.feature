# language: da
# Fundet af udforskeren (golive explore) med seed 2; genafspil: golive explore --seed 2 --max-examples 10 --steps 25 --defects receipt-completed-before-luna
# Den indbyggede fejl i reference-SUT'en: receipt-completed-before-luna (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'ee166b81-46d1-4fa0-bed8-9899aae2a04f': ('completed', None)}
# E-flyt viste: {'ee166b81-46d1-4fa0-bed8-9899aae2a04f': ('completed', ('628331', '2024-02-27'))}
@fundet @seed:2
Egenskab: Fundet af udforskeren: E-flyt viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 2
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

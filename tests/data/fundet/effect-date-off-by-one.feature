# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects effect-date-off-by-one
# Den indbyggede fejl i reference-SUT'en: effect-date-off-by-one (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [('212392', '2024-03-15')], 'ended': None}
# Luna viste: {'registrations': [('212392', '2024-03-14')], 'ended': None}
@fundet @seed:1
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s bopæl
    Og Luna er nede i 10 minutter
    Når borger 1 vælger praksis 1 som læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

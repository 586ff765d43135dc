# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects coverage-end-not-sent-to-luna
# Den indbyggede fejl i reference-SUT'en: coverage-end-not-sent-to-luna (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [], 'ended': 'death'}
# Luna viste: {'registrations': [], 'ended': None}
@fundet @seed:0
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer dødsfald for borger 1
    Så viser hver nabo det, som oraklet forudsiger

# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects child-not-following-parent
# Den indbyggede fejl i reference-SUT'en: child-not-following-parent (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [('212392', '2024-03-01')], 'ended': None}
# Luna viste: {'registrations': [], 'ended': None}
@fundet @seed:1
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og Luna er nede i 10 minutter
    Når borger 1 bestiller et sundhedskort med begrundelsen første kort
    Og der går 10 minutter
    Og Luna er oppe igen
    Og sagsbehandleren logger ind igen
    Og sagsbehandleren slår borger 1 op
    Og sagsbehandleren slår borger 1 op
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s bopæl
    Og borger 2 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og er uden fast bopæl
    Og Luna er nede i 10 minutter
    Og borger 1 vælger praksis 1 som læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 skal flytte 0.5 km mod syd
    Og Luna er nede i 10 minutter
    Og borger 1 indsender flytningen pr. 2024-02-27 med sine børn uden at vælge læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

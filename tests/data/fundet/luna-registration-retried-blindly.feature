# language: da
# Fundet af udforskeren (golive explore) med seed 18; genafspil: golive explore --seed 18 --max-examples 10 --steps 25 --defects luna-registration-retried-blindly
# Den indbyggede fejl i reference-SUT'en: luna-registration-retried-blindly (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [('322036', '2024-03-01')], 'ended': None}
# Luna viste: {'registrations': [('322036', '2024-03-01'), ('322036', '2024-03-01')], 'ended': None}
@fundet @seed:18
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 18
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s bopæl
    Når regionen åbner praksis 1 for tilgang igen
    Og regionen lukker praksis 1 for tilgang, fordi praksis ophører
    Og borger 2 i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og borger 1 skal flytte 0.5 km mod syd
    Og Luna er nede i 10 minutter
    Og borger 1 indsender flytningen pr. 2024-02-27 uden at vælge læge
    Og der går 10 minutter
    Og Luna er oppe igen
    Og Luna afbryder forbindelsen ved næste registrering
    Og regionen åbner praksis 1 for tilgang igen
    Og Luna er oppe igen
    Og borger 2 skal flytte 4.95 km mod syd
    Og praksis 2 åben for tilgang ligger 0.5 km fra borger 2s nye adresse
    Og Luna svarer for sent på næste registrering
    Og borger 2 indsender flytningen pr. 2024-02-27 og vælger praksis 2
    Og Luna er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

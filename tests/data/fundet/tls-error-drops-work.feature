# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects tls-error-drops-work
# Den indbyggede fejl i reference-SUT'en: tls-error-drops-work (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'registrations': [('341372', '2024-03-01')], 'ended': None}
# Luna viste: {'registrations': [], 'ended': None}
@fundet @seed:1
Egenskab: Fundet af udforskeren: Luna viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune uden læge
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og at Serviceplatformen skifter til OCES3 den 2024-03-01
    Og at sygesikringen bruger et OCES2-systemcertifikat
    Når borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og sygesikringen får et nyt OCES3-systemcertifikat
    Og der går 10 minutter
    Så viser hver nabo det, som oraklet forudsiger

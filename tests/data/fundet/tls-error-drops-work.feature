# language: da
# Fundet af udforskeren (golive explore) med seed 2; genafspil: golive explore --seed 2 --max-examples 10 --steps 25 --defects tls-error-drops-work
# Den indbyggede fejl i reference-SUT'en: tls-error-drops-work (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'ee166b81-46d1-4fa0-bed8-9899aae2a05d': ('rejected', None)}
# E-flyt viste: {'ee166b81-46d1-4fa0-bed8-9899aae2a05d': ('completed', None)}
@fundet @seed:2
Egenskab: Fundet af udforskeren: E-flyt viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 2
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når sagsbehandleren slår borger 1 op
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og borger 1 bestiller et sundhedskort med begrundelsen første kort
    Og Luna er nede i 10 minutter
    Og borger 1 vælger praksis 1 som læge og giver afkald på sygebesøg
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 2 i sikringsgruppe 2 bosat i Tårnby Kommune med egen læge og fylder 15 år i dag
    Og sagsbehandleren slår borger 2 op
    Og borger 2 skal flytte 15 km mod syd
    Og praksis 2 åben for tilgang ligger 5.05 km fra borger 2s nye adresse
    Og at Serviceplatformen skifter til OCES3 den 2024-03-01
    Og at sygesikringen bruger et OCES3-systemcertifikat
    Og at sygesikringens systemcertifikat er spærret
    Og borger 2 indsender flytningen pr. 2024-03-01 og vælger praksis 2
    Og sygesikringen får et nyt OCES3-systemcertifikat
    Og der går 10 minutter
    Så viser hver nabo det, som oraklet forudsiger

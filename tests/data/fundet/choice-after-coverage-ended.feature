# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects choice-after-coverage-ended
# Den indbyggede fejl i reference-SUT'en: choice-after-coverage-ended (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: borger 1's sygesikring had ended (death or emigration), yet afterwards the SUT accepted chooseDoctor (POST /citizens/0103099420/laegevalg) — The SUT (sygesikring) was told of a change for a citizen no longer covered - [nothing-after-coverage-ended] borger 1's sygesikring had ended …
@fundet @seed:0
Egenskab: Fundet af udforskeren: sygesikring viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og navne- og adressebeskyttelse og fylder 15 år i dag
    Og Luna er nede i 10 minutter
    Når borger 1 skifter til sikringsgruppe 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 åben for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og Luna er nede i 10 minutter
    Og borger 1 indsender flytningen pr. 2024-02-27 og vælger praksis 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 skifter til sikringsgruppe 1
    Og borger 1 skifter til sikringsgruppe 1
    Og at Serviceplatformen skifter til OCES3 den 2024-03-01
    Og at sygesikringen bruger et OCES2-systemcertifikat
    Og borger 1 skifter til sikringsgruppe 1
    Og sygesikringen får et nyt OCES3-systemcertifikat
    Og der går 10 minutter
    Og Luna er nede i 10 minutter
    Og CPR registrerer dødsfald for borger 1
    Og der går 10 minutter
    Og Luna er oppe igen
    Og borger 1 skifter til sikringsgruppe 1
    Og der er gået 15 dage
    Og regionen lukker praksis 1 for tilgang, fordi den er fuld
    Og der er gået 365 dage
    Og der er gået 59 dage
    Og Luna er nede i 10 minutter
    Og borger 1 vælger praksis 1 som læge og giver afkald på sygebesøg
    Så viser hver nabo det, som oraklet forudsiger

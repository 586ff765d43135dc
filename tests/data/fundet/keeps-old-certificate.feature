# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects keeps-old-certificate
# Den indbyggede fejl i reference-SUT'en: keeps-old-certificate (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'88fcab57-194f-4fdc-a47f-a557d3e4528d': ('completed', None)}
# E-flyt viste: {'88fcab57-194f-4fdc-a47f-a557d3e4528d': ('none', None)}
@fundet @seed:1
Egenskab: Fundet af udforskeren: E-flyt viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når der er gået 1 dage
    Og der er gået 1 dage
    Og borger 1 skal flytte 0.5 km mod syd
    Og praksis 1 lukket for tilgang ligger 0.5 km fra borger 1s nye adresse
    Og at Serviceplatformen skifter til OCES3 den 2024-03-03
    Og at sygesikringen bruger et OCES2-systemcertifikat
    Og borger 1 indsender flytningen pr. 2024-02-29 og vælger praksis 1
    Og sygesikringen får et nyt OCES3-systemcertifikat
    Og der går 10 minutter
    Så viser hver nabo det, som oraklet forudsiger

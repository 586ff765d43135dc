# language: da
# Fundet af udforskeren (golive explore) med seed 1; genafspil: golive explore --seed 1 --max-examples 10 --steps 25 --defects keeps-old-certificate
# Den indbyggede fejl i reference-SUT'en: keeps-old-certificate (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'88fcab57-194f-4fdc-a47f-a557d3e45289': ('completed', None)}
# E-flyt viste: {'88fcab57-194f-4fdc-a47f-a557d3e45289': ('none', None)}
@fundet @seed:1
Egenskab: Fundet af udforskeren: E-flyt viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borger 1 skal flytte 0.5 km mod syd
    Og at Serviceplatformen skifter til OCES3 den 2024-03-01
    Og at sygesikringen bruger et OCES2-systemcertifikat
    Når borger 1 indsender flytningen pr. 2024-02-27 uden at vælge læge
    Og sygesikringen får et nyt OCES3-systemcertifikat
    Og der går 10 minutter
    Så viser hver nabo det, som oraklet forudsiger

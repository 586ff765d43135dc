# language: da
# Fundet af udforskeren (golive explore) med seed 5; genafspil: golive explore --seed 5 --max-examples 10 --steps 25 --defects receipt-lost-when-eflyt-down
# Den indbyggede fejl i reference-SUT'en: receipt-lost-when-eflyt-down (GOLIVE_SUT_DEFECTS)
# Oraklet forudsagde: {'77eaeabb-1340-43ad-b6e5-3d7b392c856b': ('completed', None)}
# E-flyt viste: {'77eaeabb-1340-43ad-b6e5-3d7b392c856b': ('none', None)}
@fundet @seed:5
Egenskab: Fundet af udforskeren: E-flyt viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 5
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og barn 1 under 15 år bor hos borger 1 og har samme læge
    Og barn 2 under 15 år bor hos borger 1 og har samme læge
    Når der er gået 306 dage
    Og borger 1 skal flytte 0.5 km mod syd
    Og E-flyt tager ikke imod kvitteringer i 10 minutter
    Og borger 1 indsender flytningen pr. 2024-12-29 uden at vælge læge
    Og der går 10 minutter
    Og E-flyt er oppe igen
    Så viser hver nabo det, som oraklet forudsiger

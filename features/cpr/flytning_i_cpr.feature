# language: da
@cpr @flytning @krav:SYG-102
Egenskab: En flytning, kommunen hører om fra CPR
  Når CPR melder, at borgeren er flyttet til en anden kommune, hører sygesikringen til den nye kommune,
  og borgeren har de samme gratis skift som ved en flytning meldt gennem E-flyt.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: CPR melder en flytning til en anden kommune: sygesikringen følger med, og et gruppeskift er gratis
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer, at borgeren flytter til Odense Kommune
    Og borgeren skifter til sikringsgruppe 2
    Så borgerens sygesikring hører under Odense Kommune
    Og skiftet er gratis
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

  Scenarie: Et gruppeskift 31 dage efter flytningen i CPR koster gebyret
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer, at borgeren flytter til Odense Kommune
    Og der er gået 31 dage
    Og borgeren skifter til sikringsgruppe 2
    Så skiftet koster 225 kr.

  Scenarie: En flytning inden for kommunen giver intet gratis gruppeskift
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer, at borgeren flytter til Aarhus Kommune
    Og borgeren skifter til sikringsgruppe 2
    Så borgerens sygesikring hører under Aarhus Kommune
    Og skiftet koster 225 kr.

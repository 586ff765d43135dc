# language: da
Egenskab: Skift af sikringsgruppe

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: En borger med et bestemt navn skifter gruppe
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
      | fornavn | efternavn |
      | Testa   | Testesen  |
    Når borgeren skifter til sikringsgruppe 2
    Så skiftet accepteres med virkning om 14 dage

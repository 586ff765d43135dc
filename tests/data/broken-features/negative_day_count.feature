# language: da
Egenskab: Skift af sikringsgruppe

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Skiftet får virkning efter 14 dage
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og der er gået -14 dage
    Så borgeren er i sikringsgruppe 2

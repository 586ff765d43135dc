# language: da
Egenskab: Skift af sikringsgruppe

  Scenarie: Skift til gruppe 2 koster gebyr
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Så skiftet accepteres med virkning om 14 dage
    Og skiftet koster 225 kr.

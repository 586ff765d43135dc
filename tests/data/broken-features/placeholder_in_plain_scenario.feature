# language: da
Egenskab: Skift af sikringsgruppe i flere kommuner

  Scenarie: Skift til gruppe 2 koster gebyr
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i <kommune> Kommune med egen læge
    Når borgeren skifter til sikringsgruppe <gruppe>
    Så skiftet accepteres med virkning om 14 dage

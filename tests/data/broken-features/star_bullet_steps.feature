# language: da
Egenskab: Skift af sikringsgruppe

  Scenarie: Skift til gruppe 2 koster gebyr
    * at dags dato er 2024-03-01
    * en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    * borgeren skifter til sikringsgruppe 2
    * skiftet accepteres med virkning om 14 dage
    * skiftet koster 225 kr.

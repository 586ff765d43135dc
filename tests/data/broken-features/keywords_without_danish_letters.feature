# language: da
Egenskab: Laegeskift

  Scenarie: Laegeskift koster gebyr
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen laege
    Og en aaben praksis 4 km fra borgerens bopael
    Naar borgeren vaelger den aabne praksis
    Saa laegevalget accepteres med virkning om 14 dage

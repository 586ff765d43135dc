# language: da
Egenskab: En sikringsgruppe der ikke findes

  Scenarie: Gruppe 3
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 3 bosat i Aarhus Kommune med egen læge

# language: da
Egenskab: En tilgang stavet forkert

  Scenarie: aaben for tilgang
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og praksis 1 aaben for tilgang ligger 4 km fra borger 1s bopæl

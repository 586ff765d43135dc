# language: da
Egenskab: Baggrund stavet forkert

  Bagrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Lægeskift
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge

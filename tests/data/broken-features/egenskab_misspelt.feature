# language: da
Egenskb: Egenskab stavet forkert

  Scenarie: Dags dato
    Givet at dags dato er 2024-03-01

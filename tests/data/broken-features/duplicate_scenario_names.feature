# language: da
Egenskab: To scenarier med samme navn

  Scenarie: Dags dato
    Givet at dags dato er 2024-03-01

  Scenarie: Dags dato
    Givet at dags dato er 2024-03-02

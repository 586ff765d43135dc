# language: da
Egenskab: En dato der ikke findes

  Scenarie: En dato der ikke findes
    Givet at dags dato er 2024-02-30

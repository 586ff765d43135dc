# language: da
Egenskab: En dato skrevet dag først

  Scenarie: En dato skrevet dag først
    Givet at dags dato er 30-02-2024

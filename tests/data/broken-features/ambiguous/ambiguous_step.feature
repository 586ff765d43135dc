# language: da
Egenskab: Et trin som to definitioner passer på

  Scenarie: Et trin som to definitioner passer på
    Givet at dags dato er 2024-03-01

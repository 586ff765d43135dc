# language: da
Egenskab: To egenskaber i én fil
  Scenarie: a
    Givet at dags dato er 2024-03-01
    Så skiftet koster 225 kr.
Egenskab: To
  Scenarie: b
    Givet at dags dato er 2024-03-01

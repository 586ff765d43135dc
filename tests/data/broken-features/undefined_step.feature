# language: da
Egenskab: Et trin der ikke findes

  Scenarie: Et trin der ikke findes
    Givet at i dag er 2024-03-01

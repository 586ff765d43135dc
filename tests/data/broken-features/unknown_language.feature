# language: dk
Egenskab: Et sprog Gherkin ikke kender

  Scenarie: Dags dato
    Givet at dags dato er 2024-03-01

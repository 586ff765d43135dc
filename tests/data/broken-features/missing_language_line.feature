Egenskab: Uden sproglinje

  Scenarie: Dags dato
    Givet at dags dato er 2024-03-01

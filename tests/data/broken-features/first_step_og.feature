# language: da
Egenskab: Et scenarie der begynder med Og

  Scenarie: Første trin er et Og
    Og at dags dato er 2024-03-01
    Når borgeren vælger den åbne praksis

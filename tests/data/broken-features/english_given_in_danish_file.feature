# language: da
Egenskab: Et engelsk Given i en dansk fil

  Scenarie: Et engelsk Given i en dansk fil
    Given at dags dato er 2024-03-01
    Når borgeren vælger den åbne praksis

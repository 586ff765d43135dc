# language: da
Egenskab: Givet stavet forkert

  Scenarie: Givet stavet forkert
    Givt at dags dato er 2024-03-01
    Når borgeren vælger den åbne praksis

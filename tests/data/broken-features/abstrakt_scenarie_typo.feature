# language: da
Egenskab: Et abstrakt scenarie stavet forkert

  Abstrakt Scenarie: Dato fra en tabel
    Givet at dags dato er <dato>

    Eksempler:
      | dato       |
      | 2024-03-01 |

# language: da
Egenskab: Eksempler stavet forkert

  Abstrakt Scenario: Dato fra en tabel
    Givet at dags dato er <dato>

    Eksemplr:
      | dato       |
      | 2024-03-01 |

# language: da
Egenskab: En skabelon med et ord, Gherkin ikke kender

  Scenarie: Et almindeligt scenarie
    Givet at dags dato er 2024-03-01

  Scenarieskabelon: Skift af gruppe
    Givet at dags dato er <dato>

    Eksempler:
      | dato |
      | 2024-03-01 |

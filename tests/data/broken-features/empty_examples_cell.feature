# language: da
Egenskab: En tom celle i eksemplerne

  Abstrakt Scenario: Skift af gruppe
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borger 1 skifter til sikringsgruppe <ny>

    Eksempler:
      | ny |
      | 2  |
      |    |

# language: da
Egenskab: En tabelrække med en forkert værdi

  Abstrakt Scenario: En borger i en kommune
    Givet en borger i sikringsgruppe 1 bosat i <kommune> Kommune med egen læge

    Eksempler:
      | kommune |
      | Aarhus  |
      | Århus   |

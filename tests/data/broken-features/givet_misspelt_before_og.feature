# language: da
Egenskab: Givet stavet forkert foran et Og

  Scenarie: Givet stavet forkert foran et Og
    Giver at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2

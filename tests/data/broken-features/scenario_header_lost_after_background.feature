# language: da
Egenskab: Skift af sikringsgruppe

  Baggrund:
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge

    Når borgeren skifter til sikringsgruppe 2
    Så skiftet accepteres med virkning om 14 dage
    Og skiftet koster 225 kr.

  Scenarie: Et skift tilbage inden et år afvises
    Når borgeren skifter til sikringsgruppe 1
    Så skiftet afvises, fordi sikringsgruppen er låst i et år

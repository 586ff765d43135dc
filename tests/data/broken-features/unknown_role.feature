# language: da
Egenskab: En rolle golive ikke kender

  Scenarie: En rolle golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgerne vælger den åbne praksis

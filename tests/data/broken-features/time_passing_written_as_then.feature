# language: da
Egenskab: Lægeskift

  Scenarie: Lægevalget træder i kraft efter 14 dage
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og der er gået 14 dage
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15

# language: da
Egenskab: Sundhedskort

  Scenarie: Et mistet kort koster gebyr
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så kortet koster 225,00 kr.

# language: da
Egenskab: Sundhedskort

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Et mistet kort koster gebyr
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så kortet koster 225 kr.

    Givet en borger i sikringsgruppe 1 bosat i Odense Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af første kort
    Så kortet er gratis

# language: da
Egenskab: En dimension, variationsmodellen ikke har

  @datavariation:cpr_kind,navn
  Scenarie: Lægevalg for hver række af variationen
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så kortet koster 225 kr.

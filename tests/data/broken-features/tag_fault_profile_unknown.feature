# language: da
@fejlprofil:langsom-lunaa
Egenskab: Et mærke med en fejlprofil, golive ikke kender

  Scenarie: Kortet koster gebyret, også når Luna er langsom
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så kortet koster 225 kr.

# language: da
Egenskab: En kortgrund golive ikke kender

  Scenarie: En kortgrund golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af tabt kort

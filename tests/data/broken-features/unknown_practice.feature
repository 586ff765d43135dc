# language: da
Egenskab: En praksis golive ikke kender

  Scenarie: En praksis golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren vælger den gamle praksis

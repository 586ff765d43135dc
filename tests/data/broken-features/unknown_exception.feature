# language: da
Egenskab: En undtagelse golive ikke kender

  Scenarie: En undtagelse golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren vælger den lukkede praksis med undtagelsen samme vej

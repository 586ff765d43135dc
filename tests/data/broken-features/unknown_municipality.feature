# language: da
Egenskab: En kommune golive ikke kender

  Scenarie: En kommune golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Århus Kommune med egen læge

# language: da
Egenskab: En CPR-hændelse golive ikke kender

  Scenarie: En CPR-hændelse golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer borgerens bryllup

# language: da
Egenskab: Et emne golive ikke kender

  Scenarie: Et emne golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Så Servicebussen leverer én besked om ændret læge for borgeren til partnerne

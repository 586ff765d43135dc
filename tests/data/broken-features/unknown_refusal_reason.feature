# language: da
Egenskab: En afvisningsgrund golive ikke kender

  Scenarie: En afvisningsgrund golive ikke kender
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren vælger den lukkede praksis
    Så lægevalget afvises, fordi praksis er fuld

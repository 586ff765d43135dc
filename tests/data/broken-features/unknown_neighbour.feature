# language: da
Egenskab: En nabo golive ikke kender

  Scenarie: En nabo golive ikke kender
    Givet Lunaa er nede

# language: da
Egenskab: En fejlprofil golive ikke kender

  Scenarie: En fejlprofil golive ikke kender
    Givet fejlprofilen "ustabil-lunaa"

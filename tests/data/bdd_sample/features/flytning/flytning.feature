# language: da
@flytning @krav:SYG-101
Egenskab: Flytning til en anden kommune
  Som borger der flytter vil jeg beholde min lægedækning.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Flytning registrerer lægevalget i Luna
    Givet en borger bosat i Aarhus Kommune med egen læge
    Når borgeren melder flytning til Odense Kommune
    Så registrerer Luna lægevalget

  Scenarie: Luna svarer uden for kontrakten
    Givet en borger bosat i Aarhus Kommune med egen læge
    Når borgeren melder flytning til Odense Kommune
    Så svarer Luna i strid med kontrakten

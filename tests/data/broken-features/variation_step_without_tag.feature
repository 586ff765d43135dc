# language: da
Egenskab: Sundhedskort for enhver borger

  Scenarie: Et mistet kort koster gebyr for enhver borger i datavariationen
    Givet at dags dato er 2024-03-01
    Og en borger fra datavariationen bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så der bogføres et gebyr på 225 kr. for borgeren
    Og gebyrbilaget bærer borgerens fulde navn

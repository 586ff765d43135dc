# language: da
Egenskab: Sundhedskort for alle slags borgere

  @datavariation:age,status
  Scenarie: Et mistet kort koster gebyr for børn, ældre og udrejste
    Givet at dags dato er 2024-03-01
    Og en borger fra datavariationen bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så der bogføres et gebyr på 225 kr. for borgeren
    Og gebyrbilaget bærer borgerens fulde navn

# language: da
@data @krav:SYG-161
Egenskab: Datavariation fra CPR
  Rigtige CPR-data varierer: numre uden modulus 11, navne længere end registerets 34 tegn,
  adresser med navne- og adressebeskyttelse. Hver variation skal klare hele flowet.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: En beskyttet adresse forlader aldrig kommunen via Servicebussen
    Givet en borger med navne- og adressebeskyttelse bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Og borgeren bestiller et sundhedskort på grund af mistet kort
    Så Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og Servicebussen leverer én besked om bestilt sundhedskort for borgeren til partnerne
    Og borgerens adresse findes ikke i nogen besked på Servicebussen
    Og ingen udveksling brød en kontrakt

  @krav:SYG-162
  Scenarie: Et CPR-nummer uden modulus 11 accepteres ved lægevalg
    Givet en borger med et CPR-nummer uden modulus 11 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-162
  Scenarie: Et CPR-nummer uden modulus 11 accepteres ved flytning
    Givet en borger med et CPR-nummer uden modulus 11 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Så E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

  @krav:SYG-163
  Scenarie: Et navn længere end 34 tegn står fuldt på gebyrbilaget
    Givet en borger med et navn på mere end 34 tegn bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så der bogføres et gebyr på 225 kr. for borgeren
    Og gebyrbilaget bærer borgerens fulde navn
    Og Servicebussen leverer én besked om bestilt sundhedskort for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-163 @datavariation:cpr_kind,name_kind,protection,group,municipality
  Scenarie: Et mistet sundhedskort koster gebyr for enhver borger i datavariationen
    Givet en borger fra datavariationen bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så der bogføres et gebyr på 225 kr. for borgeren
    Og gebyrbilaget bærer borgerens fulde navn
    Og Servicebussen leverer én besked om bestilt sundhedskort for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-162 @datavariation:cpr_kind,name_kind,protection,municipality
  Scenarie: Flytning med nyt lægevalg er gebyrfri for enhver borger i datavariationen
    Givet en borger fra datavariationen bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Så E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

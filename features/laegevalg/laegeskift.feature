# language: da
@laegevalg @krav:SYG-111
Egenskab: Lægeskift uden flytning
  Som borger vil jeg kunne skifte læge, når jeg ønsker det; skiftet koster årets gebyr
  og får virkning efter 14 dage.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Lægeskift koster gebyr og får virkning efter 14 dage
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og lægevalget koster 225 kr.
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-112
  Scenarie: En læge ud over 15 km kræver afkald på sygebesøg
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 20 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget afvises på grund af afstandsreglen
    Og Luna har intet nyt lægevalg for borgeren
    Og der bogføres intet gebyr for borgeren
    Og Servicebussen leverer ingen besked om ændret lægevalg for borgeren
    Og ingen udveksling brød en kontrakt

  @krav:SYG-112
  Scenarie: Med afkald på sygebesøg kan en fjern læge vælges
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 20 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis og giver afkald på sygebesøg
    Så lægevalget accepteres med virkning om 14 dage
    Og Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @datavariation:cpr_kind,name_kind,protection,group,municipality
  Scenarie: Lægeskift koster gebyr for enhver borger i datavariationen
    Givet en borger fra datavariationen bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og lægevalget koster 225 kr.
    Og Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og gebyrbilaget bærer borgerens fulde navn
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-111
  Scenarie: Et lægeskift der får virkning i det nye år koster det nye års gebyr
    Givet at dags dato er 2023-12-20
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning fra 2024-01-03
    Og lægevalget koster 225 kr.
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og ingen udveksling brød en kontrakt

  Scenarie: Den læge, borgeren allerede har, er intet lægeskift
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren vælger borgerens læge
    Så lægevalget afvises, fordi lægen allerede er borgerens læge
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

  Scenarie: Tilbage i gruppe 1 hos den læge, borgeren havde før gruppe 2, koster kun gruppeskiftet
    Givet en borger i sikringsgruppe 2 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 1
    Og borgeren vælger borgerens læge
    Så lægevalget accepteres med virkning om 14 dage
    Og lægevalget er gratis
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og ingen udveksling brød en kontrakt

  Scenarie: I gruppe 2 er et valg af lægen fra gruppe 1 et nyt lægevalg, der koster gebyr
    Givet en borger i sikringsgruppe 2 bosat i Aarhus Kommune med egen læge
    Når borgeren vælger borgerens læge
    Så lægevalget accepteres med virkning om 14 dage
    Og lægevalget koster 225 kr.
    Og ingen udveksling brød en kontrakt

# language: da
@sikringsgruppe @krav:SYG-121
Egenskab: Skift af sikringsgruppe
  Som borger kan jeg skifte mellem sikringsgruppe 1 og 2. Skiftet koster gebyret, får virkning
  14 dage efter, og et nyt skift kan først ske et år efter.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Skift fra gruppe 1 til gruppe 2 koster gebyr og får virkning efter 14 dage
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Så skiftet accepteres med virkning om 14 dage
    Og borgeren er i sikringsgruppe 1
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret sikringsgruppe for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Efter 14 dage er borgeren i den nye gruppe
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og der er gået 14 dage
    Så borgeren er i sikringsgruppe 2
    Og ingen udveksling brød en kontrakt

  Scenarie: Skift fra gruppe 2 til gruppe 1
    Givet en borger i sikringsgruppe 2 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 1
    Så skiftet accepteres med virkning om 14 dage
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret sikringsgruppe for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-122
  Scenarie: Et nyt skift inden for et år afvises
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og der er gået 180 dage
    Og borgeren skifter til sikringsgruppe 1
    Så skiftet afvises, fordi sikringsgruppen er låst i et år
    Og borgeren er i sikringsgruppe 2
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret sikringsgruppe for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-122
  Scenarie: Et år efter skiftet kan borgeren skifte igen
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og der er gået 380 dage
    Og borgeren skifter til sikringsgruppe 1
    Så skiftet accepteres med virkning om 14 dage
    Og Servicebussen leverer 2 beskeder om ændret sikringsgruppe for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-122
  Scenarie: Præcis et år efter at skiftet fik virkning kan borgeren skifte igen
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og der er gået 379 dage
    Og borgeren skifter til sikringsgruppe 1
    Så skiftet accepteres med virkning om 14 dage
    Og borgeren er i sikringsgruppe 2
    Og ingen udveksling brød en kontrakt

  @krav:SYG-122
  Scenarie: Dagen før et år efter at skiftet fik virkning er sikringsgruppen stadig låst
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og der er gået 378 dage
    Og borgeren skifter til sikringsgruppe 1
    Så skiftet afvises, fordi sikringsgruppen er låst i et år
    Og borgeren er i sikringsgruppe 2
    Og ingen udveksling brød en kontrakt

# language: da
@flytning @krav:SYG-101
Egenskab: Flytning og lægevalg
  Som borger der flytter vil jeg kunne vælge en ny læge uden gebyr, når jeg flytter langt væk,
  og beholde min læge, når jeg flytter kort, så jeg aldrig står uden lægedækning.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Flytning ud over afstandsgrænsen giver gratis lægeskift fra flyttedagen
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og Servicebussens besked om ændret lægevalg for borgeren nævner Odense Kommune
    Og der bogføres intet gebyr for borgeren
    Og E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15
    Og ingen udveksling brød en kontrakt

  @krav:SYG-102
  Scenarie: Flytning inden for afstandsgrænsen – borgeren beholder sin læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte 4 km væk
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Så E-flyt modtager en kvittering om gennemført flytning uden nyt lægevalg
    Og Luna har intet nyt lægevalg for borgeren
    Og Servicebussen leverer ingen besked om ændret lægevalg for borgeren
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

  @krav:SYG-103
  Scenarie: Børn under 15 følger forælderens nye læge ved flytning, fra forælderens dato
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og et barn under 15 år, der bor hos borgeren og har samme læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-08 med sine børn og vælger den åbne praksis
    Så E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-08
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-08
    Og Luna registrerer barnet hos den åbne praksis som følger af borgeren
    Og Luna registrerer barnet hos den åbne praksis med virkning fra 2024-03-08
    Og Servicebussen leverer én besked om ændret lægevalg for barnet til partnerne
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

  @krav:SYG-103 @graenseværdier
  Scenarie: Et barn, der fylder 15 dagen efter flyttedagen, følger med – også når flytningen meldes i forvejen
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og et barn, der fylder 15 år den 2024-03-16, bor hos borgeren og har samme læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 med sine børn og vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og Luna registrerer barnet hos den åbne praksis som følger af borgeren

  @krav:SYG-103 @graenseværdier
  Scenarie: Et barn, der fylder 15 på flyttedagen, følger ikke med, selv om det var 14, da flytningen blev meldt
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og et barn, der fylder 15 år den 2024-03-15, bor hos borgeren og har samme læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 med sine børn og vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og Luna har intet nyt lægevalg for barnet

  @krav:SYG-103
  Scenarie: Ved fælles forældremyndighed følger barnet den forælder, det bor hos
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og forælderen bor for sig selv i Aarhus Kommune med egen læge
    Og et barn under 15 år med fælles forældremyndighed, der bor hos borgeren og har samme læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så Luna registrerer barnet hos den åbne praksis som følger af borgeren

  @krav:SYG-103
  Scenarie: Ved fælles forældremyndighed følger barnet ikke den forælder, det ikke bor hos
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og forælderen bor for sig selv i Aarhus Kommune med egen læge
    Og et barn under 15 år med fælles forældremyndighed, der bor hos borgeren og har samme læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når forælderen vælger den åbne praksis og giver afkald på sygebesøg
    Så Luna registrerer forælderen hos den åbne praksis med virkning om 14 dage
    Og Luna har intet nyt lægevalg for barnet

  @krav:SYG-103
  Scenarie: Et barn, der er død, følger ikke forælderens nye læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og forælderen bor for sig selv i Aarhus Kommune med egen læge
    Og et barn under 15 år med fælles forældremyndighed, der bor hos borgeren og har samme læge
    Og CPR har registreret barnets dødsfald
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og Luna har intet nyt lægevalg for barnet

  @krav:SYG-103
  Scenarie: Den unge, der er fyldt 15, følger ikke længere forælderens nye læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og et barn, der fylder 15 år i morgen, bor hos borgeren og har samme læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når der er gået 1 dage
    Og borgeren vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og Luna har intet nyt lægevalg for barnet

  Scenarie: E-flyt sender den samme sag igen – flytningen sker én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Og E-flyt sender flytningssagen igen
    Så sygesikringen tager imod flytningssagen igen
    Og Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15

  Scenarie: En anden sag under samme sagsnummer afvises – den første står ved magt
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Og E-flyt sender flytningssagen igen med flyttedato 2024-03-20
    Så sygesikringen afviser flytningssagen som en anden sag under samme sagsnummer
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15

# language: da
@cpr @sundhedskort @krav:SYG-132
Egenskab: Et nyt personnummer
  Når CPR giver en borger et nyt personnummer, flytter sygesikringen med til det nye nummer, og det næste
  sundhedskort er gratis – én gang. Lægevalg derefter går til Luna og partnerne under det nye nummer.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Et nyt personnummer giver et gratis sundhedskort
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR giver borgeren et nyt personnummer
    Og borgeren bestiller et sundhedskort på grund af nyt personnummer
    Så kortet er gratis
    Og der bogføres intet gebyr for borgeren
    Og borgerens sygesikring hører under Aarhus Kommune
    Og sygesikringen kender ikke borgerens gamle personnummer
    Og ingen udveksling brød en kontrakt

  Scenarie: Kun ét kort er gratis efter et nyt personnummer
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR giver borgeren et nyt personnummer
    Og borgeren bestiller et sundhedskort på grund af nyt personnummer
    Og der er gået 1 dag
    Og borgeren bestiller et sundhedskort på grund af nyt personnummer
    Så kortet koster 225 kr.

  Scenarie: Uden et nyt personnummer koster kortet gebyret
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af nyt personnummer
    Så kortet koster 225 kr.

  Scenarie: Et gebyr fra før det nye personnummer står stadig hos Finans
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Og der er gået 2 dage
    Og CPR giver borgeren et nyt personnummer
    Og borgeren bestiller et sundhedskort på grund af nyt personnummer
    Så kortet er gratis
    Og der bogføres præcis 1 gebyrbilag for borgeren

  Scenarie: Et lægevalg efter det nye personnummer går til Luna og partnerne under det nye nummer
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når CPR giver borgeren et nyt personnummer
    Og borgeren vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Barnet følger stadig forælderen, når forælderen har fået et nyt personnummer
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og forælderen bor for sig selv i Aarhus Kommune med egen læge
    Og et barn under 15 år med fælles forældremyndighed, der bor hos borgeren og har samme læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når CPR giver borgeren et nyt personnummer
    Og borgeren vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og Luna registrerer barnet hos den åbne praksis som følger af borgeren

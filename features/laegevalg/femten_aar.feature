# language: da
@laegevalg @15-aar @krav:SYG-116
Egenskab: Egen sygesikring når man fylder 15
  Et barn følger forælderens læge til det fylder 15; derefter vælger den unge selv,
  og det første skift inden for 60 dage er gratis.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Den unge vælger sin egen læge gratis på 15-årsdagen
    Givet en borger i Aarhus Kommune, der fylder 15 år i dag
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og lægevalget er gratis
    Og Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og der bogføres intet gebyr for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Et barn kan kun følge en forælder, som sygesikringen kender
    Givet en forælder, som sygesikringen ikke kender, bosat i Aarhus Kommune med egen læge
    Når et barn under 15 år, der bor hos forælderen, meldes til sygesikringen som barn af forælderen
    Så barnets tilmelding afvises, fordi barnet ikke kan følge den forælder
    Og ingen udveksling brød en kontrakt

  Scenarie: Dagen før 15-årsdagen følger barnet stadig forælderens læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når et barn, der fylder 15 år i morgen, bor hos borgeren og meldes til sygesikringen som barn af den
    Så Luna registrerer barnet hos borgerens læge som følger af borgeren
    Og ingen udveksling brød en kontrakt

  Abstrakt Scenario: Fra 15-årsdagen følger den unge ingen forælder, men vælger selv
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når et barn, der fylder <alder> år <hvornår>, bor hos borgeren og meldes til sygesikringen som barn af den
    Så barnets tilmelding afvises, fordi barnet ikke kan følge den forælder
    Og ingen udveksling brød en kontrakt

    Eksempler:
      | alder | hvornår  |
      | 15    | i dag    |
      | 16    | i morgen |
      | 17    | i dag    |

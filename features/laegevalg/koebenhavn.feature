# language: da
@laegevalg @afstand @krav:SYG-113
Egenskab: Afstandsreglen i hovedstadskommunerne
  I København, Frederiksberg, Tårnby og Dragør skal lægen ligge inden for 5 km af bopælen,
  ikke 15 km som i resten af landet.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: I København er en læge 8 km væk for langt væk
    Givet en borger i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og en åben praksis 8 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget afvises på grund af afstandsreglen
    Og Luna har intet nyt lægevalg for borgeren
    Og der bogføres intet gebyr for borgeren
    Og Servicebussen leverer ingen besked om ændret lægevalg for borgeren
    Og ingen udveksling brød en kontrakt

  Scenarie: I København er en læge 4 km væk inden for grænsen
    Givet en borger i sikringsgruppe 1 bosat i København Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  @krav:SYG-113
  Abstrakt Scenario: Afstandsreglen i <kommune>: en læge <km> km væk <udfald>
    Givet en borger i sikringsgruppe 1 bosat i <kommune> Kommune med egen læge
    Og en åben praksis <km> km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget <udfald>
    Og ingen udveksling brød en kontrakt

    Eksempler: de øvrige hovedstadskommuner (5 km) og en nabokommune (15 km), en halv km på hver side af grænsen
      | kommune       | km   | udfald                             |
      | Frederiksberg | 5,5  | afvises på grund af afstandsreglen |
      | Frederiksberg | 4,5  | accepteres med virkning om 14 dage |
      | Tårnby        | 5,5  | afvises på grund af afstandsreglen |
      | Tårnby        | 4,5  | accepteres med virkning om 14 dage |
      | Dragør        | 5,5  | afvises på grund af afstandsreglen |
      | Dragør        | 4,5  | accepteres med virkning om 14 dage |
      | Gentofte      | 14,5 | accepteres med virkning om 14 dage |
      | Gentofte      | 15,5 | afvises på grund af afstandsreglen |

    Eksempler: præcis på grænsen er inden for den
      | kommune       | km | udfald                             |
      | København     | 5  | accepteres med virkning om 14 dage |
      | Dragør        | 5  | accepteres med virkning om 14 dage |
      | Gentofte      | 15 | accepteres med virkning om 14 dage |

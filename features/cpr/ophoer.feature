# language: da
@cpr @ophoer @krav:SYG-141
Egenskab: Dødsfald og udvandring afslutter sygesikringen
  Når CPR registrerer et dødsfald eller en udvandring, ophører borgerens sygesikring og lægevalg,
  og partnerne får besked.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Abstrakt Scenario: En hændelse i CPR afslutter sygesikringen
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når CPR registrerer borgerens <hændelse>
    Så borgerens sygesikring er ophørt på grund af <hændelse>
    Og Luna har afsluttet lægevalget for borgeren
    Og Servicebussen leverer én besked om ophørt sygesikring for borgeren til partnerne
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

    Eksempler:
      | hændelse   |
      | dødsfald   |
      | udvandring |

  @krav:SYG-142
  Scenarie: Efter ophør kan borgeren ikke vælge læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når CPR registrerer borgerens udvandring
    Og borgeren vælger den åbne praksis
    Så lægevalget afvises, fordi sygesikringen er ophørt
    Og Luna har intet nyt lægevalg for borgeren
    Og der bogføres intet gebyr for borgeren
    Og ingen udveksling brød en kontrakt

  Abstrakt Scenario: En hændelse om en person, kommunen ikke kender, ændrer intet
    Givet en forælder, som sygesikringen ikke kender, bosat i Aarhus Kommune med egen læge
    Når CPR registrerer forælderens <hændelse>
    Så Servicebussen leverer ingen besked om ophørt sygesikring for forælderen
    Og ingen udveksling brød en kontrakt

    Eksempler:
      | hændelse   |
      | dødsfald   |
      | udvandring |
      | navneændring |

  @graenseværdier
  Abstrakt Scenario: En hændelse, CPR registrerer dage senere, gælder fra den dag, den skete
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og der er gået 10 dage
    Når CPR registrerer med virkning fra <dato> borgerens <hændelse>
    Så borgerens sygesikring er ophørt den <dato> på grund af <hændelse>
    Og Luna har afsluttet lægevalget for borgeren den <dato>
    Og Servicebussen leverer én besked om ophørt sygesikring for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

    Eksempler:
      | hændelse   | dato       |
      | dødsfald   | 2024-03-08 |
      | udvandring | 2024-03-10 |
      | dødsfald   | 2024-03-11 |

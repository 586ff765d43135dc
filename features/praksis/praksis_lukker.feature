# language: da
@praksis @krav:SYG-151
Egenskab: En praksis ophører
  Når regionen lukker en praksis i Luna, fordi den ophører, må dens patienter vælge ny læge
  uden gebyr.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Patienterne i en ophørt praksis vælger gratis ny læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge, fordi praksis ophører
    Og borgeren vælger den åbne praksis
    Så lægevalget er gratis
    Og Luna registrerer borgeren hos den åbne praksis med virkning om 14 dage
    Og der bogføres intet gebyr for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Når lægen stopper, vælger patienterne gratis ny læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge for tilgang, fordi lægen stopper
    Og borgeren vælger den åbne praksis
    Så lægevalget er gratis
    Og der bogføres intet gebyr for borgeren

  Abstrakt Scenario: En praksis, der kun lukker for nye patienter, giver ingen gratis skift
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge for tilgang, fordi <grund>
    Og borgeren vælger den åbne praksis
    Så lægevalget koster 225 kr.
    Og der bogføres et gebyr på 225 kr. for borgeren

    Eksempler:
      | grund                      |
      | den er fuld                |
      | regionen har besluttet det |

  Scenarie: En praksis, der genåbner samme dag, som lægen stoppede, giver intet gratis skift
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge for tilgang, fordi lægen stopper
    Og regionen genåbner borgerens læge
    Og borgeren vælger den åbne praksis
    Så lægevalget koster 225 kr.
    Og der bogføres et gebyr på 225 kr. for borgeren

  Scenarie: Lægen stopper samme dag, som praksis blev genåbnet: patienterne vælger gratis
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge for tilgang, fordi den er fuld
    Og regionen genåbner borgerens læge
    Og regionen lukker borgerens læge for tilgang, fordi lægen stopper
    Og borgeren vælger den åbne praksis
    Så lægevalget er gratis
    Og der bogføres intet gebyr for borgeren

  Scenarie: Børnene følger forælderens gratis skift fra den dato, forælderen valgte
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og forælderen bor for sig selv i Aarhus Kommune med egen læge
    Og et barn under 15 år med fælles forældremyndighed, der bor hos borgeren og har samme læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge, fordi praksis ophører
    Og borgeren vælger den åbne praksis med virkning fra 2024-03-01
    Så lægevalget accepteres med virkning fra 2024-03-01
    Og Luna registrerer barnet hos den åbne praksis som følger af borgeren
    Og Luna registrerer barnet hos den åbne praksis med virkning fra 2024-03-01

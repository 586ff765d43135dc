# language: da
@frister @graenseværdier
Egenskab: Født på skuddagen: 15-årsdagen er 1. marts, og fristen regnes derfra
  Den, der er født 29. februar, fylder år 1. marts i et år uden skuddag (DOMAIN.md). Den unges eget lægeskift er
  gratis til og med dag 60 efter 15-årsdagen; med 15-årsdagen lagt en dag for tidligt eller for sent falder en af
  rækkerne forkert. Gebyret i 2023 er 220 kr.

  Abstrakt Scenario: Født 29. februar 2008: gratis lægeskift til og med dag 60 efter 1. marts 2023
    Givet at dags dato er 2023-03-01
    Og en borger i Aarhus Kommune, født 2008-02-29
    Og en åben praksis 3 km fra borgerens bopæl
    Når der er gået <dage> dage
    Og borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og <gebyr>

    Eksempler:
      | dage | gebyr                                         |
      | 0    | lægevalget er gratis                          |
      | 60   | lægevalget er gratis                          |
      | 61   | der bogføres et gebyr på 220 kr. for borgeren |

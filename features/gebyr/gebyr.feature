# language: da
@gebyr @graenseværdier
Egenskab: Gebyret er gebyret for det år, skiftet får virkning
  Ét gebyr for lægeskift, skift af sikringsgruppe og erstatningskort, reguleret hvert år og skrevet ud her
  (DOMAIN.md): 2014: 185, 2015: 190, 2019: 200, 2020: 205, 2021: 210, 2022: 215, 2023: 220, 2024: 225 kr.
  Et år uden offentliggjort gebyr bruger det senest kendte før det, og fra 2025 gælder 225 kr. (vores valg,
  [design]). Et skift betaler gebyret for det år, det får virkning; et kort for det år, det bestilles.

  Abstrakt Scenario: Et skift af sikringsgruppe koster gebyret for året, det får virkning
    Givet at dags dato er <dato>
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Så skiftet accepteres med virkning om 14 dage
    Og skiftet koster <kr> kr.
    Og der bogføres et gebyr på <kr> kr. for borgeren

    Eksempler: de offentliggjorte gebyrer
      | dato       | kr  |
      | 2014-06-02 | 185 |
      | 2015-06-01 | 190 |
      | 2019-06-03 | 200 |
      | 2020-06-01 | 205 |
      | 2021-06-01 | 210 |
      | 2022-06-01 | 215 |
      | 2023-06-01 | 220 |
      | 2024-06-03 | 225 |

    Eksempler: år uden offentliggjort gebyr, og årsskiftet
      | dato       | kr  |
      | 2017-06-01 | 190 |
      | 2023-12-17 | 220 |
      | 2023-12-18 | 225 |
      | 2026-06-01 | 225 |

  Abstrakt Scenario: Et erstatningskort koster gebyret for året, det bestilles
    Givet at dags dato er <dato>
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så kortet koster <kr> kr.
    Og der bogføres et gebyr på <kr> kr. for borgeren

    Eksempler:
      | dato       | kr  |
      | 2023-12-31 | 220 |
      | 2024-01-01 | 225 |

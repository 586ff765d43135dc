# language: da
@frister @graenseværdier
Egenskab: Fristerne og pladserne på deres sidste dag og dagen efter
  Hver frist for et gratis skift prøves på sin sidste dag og på dagen efter, og en praksis' pladser på den
  sidste og den første for mange, med tallene skrevet ud her og ikke læst fra konfigurationen: en grænse, der i
  systemet er flyttet én, falder på en af rækkerne. Tallene står i DOMAIN.md: 30 dage efter en flytning, 60 dage
  efter 15-årsdagen, 3 måneder (90 dage) efter en navneændring ved giftermål, 1.600 patienter pr. læge.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Abstrakt Scenario: Et lægeskift er gratis til og med dag 30 efter en flytning, der tager borgeren ud over afstandsgrænsen
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-03-01 uden at vælge læge
    Og der er gået <dage> dage
    Og borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og <gebyr>

    Eksempler:
      | dage | gebyr                                         |
      | 30   | lægevalget er gratis                          |
      | 31   | der bogføres et gebyr på 225 kr. for borgeren |

  Abstrakt Scenario: Den unges eget lægeskift er gratis til og med dag 60 efter 15-årsdagen
    Givet en borger i Aarhus Kommune, der fylder 15 år i dag
    Og en åben praksis 3 km fra borgerens bopæl
    Når der er gået <dage> dage
    Og borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og <gebyr>

    Eksempler:
      | dage | gebyr                                         |
      | 60   | lægevalget er gratis                          |
      | 61   | der bogføres et gebyr på 225 kr. for borgeren |

  Abstrakt Scenario: Et nyt sundhedskort efter en navneændring er gratis til og med dag 90
    Givet en borger i sikringsgruppe 1 bosat i Odense Kommune med egen læge
    Og CPR har registreret borgerens navneændring
    Når der er gået <dage> dage
    Og borgeren bestiller et sundhedskort på grund af navneændring
    Så <kort>

    Eksempler:
      | dage | kort              |
      | 90   | kortet er gratis  |
      | 91   | kortet koster 225 kr. |

  Abstrakt Scenario: De 90 dage efter en navneændring tælles fra den dag, CPR daterer den, ikke den dag, den kom
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Odense Kommune med egen læge
    Når CPR registrerer med virkning fra 2024-01-31 borgerens navneændring
    Og der er gået <dage> dage
    Og borgeren bestiller et sundhedskort på grund af navneændring
    Så <kort>

    Eksempler: dag 90 og 91 efter 2024-01-31
      | dage | kort                  |
      | 60   | kortet er gratis      |
      | 61   | kortet koster 225 kr. |

  Abstrakt Scenario: En åben praksis tager nye patienter til og med den sidste plads (1.600 pr. læge)
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis med <læger> læger og <patienter> patienter 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så <udfald>

    Eksempler:
      | læger | patienter | udfald                                                  |
      | 1     | 1599      | lægevalget accepteres med virkning om 14 dage           |
      | 1     | 1600      | lægevalget afvises, fordi praksis er lukket for tilgang |
      | 2     | 3199      | lægevalget accepteres med virkning om 14 dage           |
      | 2     | 3200      | lægevalget afvises, fordi praksis er lukket for tilgang |

  Scenarie: Den sidste plads er optaget af et lægevalg, der venter på Luna
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og forælderen bor for sig selv i Aarhus Kommune med egen læge
    Og en åben praksis med 1 læger og 1599 patienter 3 km fra borgerens bopæl
    Og Luna tager ikke imod registreringer i 30 minutter
    Når forælderen vælger den åbne praksis og giver afkald på sygebesøg
    Og borgeren vælger den åbne praksis
    Og der går 30 minutter
    Så lægevalget afvises, fordi praksis er lukket for tilgang
    Og Luna registrerer forælderen hos den åbne praksis med virkning om 14 dage
    Og ingen udveksling brød en kontrakt

# language: da
@robusthed @krav:SYG-201
Egenskab: Robusthed over for naboer der svigter
  Som kommune vil jeg have, at et lægevalg, et gebyr og en kvittering kommer frem præcis én gang,
  også når Luna, Finance, E-flyt eller Servicebussen er nede, svarer langsomt eller leverer to gange,
  så ingen borger betaler dobbelt eller mister sit lægevalg.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Finance timer ud efter bogføringen – gebyret bogføres kun én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Og Finance timer ud efter bogføringen
    Når borgeren vælger den åbne praksis
    Så lægevalget koster 225 kr.
    Og der bogføres præcis 1 gebyrbilag for borgeren
    Og der bogføres et gebyr på 225 kr. for borgeren

  Scenarie: Finance svarer med fejl to gange – gebyret bogføres ved tredje forsøg
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Og Finance svarer med fejl på de næste 2 bogføringer
    Når borgeren vælger den åbne praksis
    Så lægevalget koster 225 kr.
    Og sygesikringen har mødt fejlen hos Finance
    Og der bogføres præcis 1 gebyrbilag for borgeren

  Scenarie: Et dødsfald leveret to gange afslutter sygesikringen én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Servicebussen leverer beskeder om dødsfald to gange
    Når CPR registrerer borgerens dødsfald
    Så borgerens sygesikring er ophørt på grund af dødsfald
    Og borgerens sygesikring ophører én gang

  Scenarie: En forsinket genåbning genopliver ikke en praksis der er ophørt
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når regionen lukker borgerens læge for tilgang, fordi den er fuld
    Og der er gået 1 dage
    Og Servicebussen leverer den næste besked om praksisændringer i forkert rækkefølge
    Og regionen genåbner borgerens læge
    Og der er gået 1 dage
    Og regionen lukker borgerens læge, fordi praksis ophører
    Og Servicebussen har leveret alle beskeder om praksisændringer
    Og borgeren vælger den åbne praksis
    Så der bogføres præcis 0 gebyrbilag for borgeren
    Og lægevalget er gratis

  Scenarie: Luna er nede under en flytning – lægevalget venter og kvitteringen fortæller sandheden
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Og Luna er nede i 10 minutter
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Så E-flyt modtager først en kvittering om, at lægevalget afventer Luna
    Når der går 10 minutter
    Så Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15
    Og E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15
    Og der bogføres intet gebyr for borgeren

  Scenarie: Luna er nede når borgeren vælger læge – valget registreres når Luna er tilbage
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Og Luna er nede i 10 minutter
    Når borgeren vælger den åbne praksis
    Så lægevalget modtages som afventende
    Når der går 10 minutter
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne

  Scenarie: Luna afbryder forbindelsen – registreringen forsøges igen
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Og Luna afbryder forbindelsen ved næste registrering
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og sygesikringen har mødt fejlen hos Luna
    Og Luna registrerer borgeren hos den åbne praksis præcis én gang

  Scenarie: Luna svarer for sent – lægevalget registreres præcis én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Og Luna svarer for sent på næste registrering
    Når borgeren vælger den åbne praksis
    Så lægevalget accepteres med virkning om 14 dage
    Og sygesikringen har mødt fejlen hos Luna
    Og Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne

  Scenarie: Servicebussen er nede – partnerne får beskeden når bussen er tilbage
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Og Servicebussen tager ikke imod beskeder i 10 minutter
    Når borgeren vælger den åbne praksis
    Og sygesikringen har mødt fejlen hos Servicebussen
    Og der går 10 minutter
    Så Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne

  Scenarie: E-flyt tager ikke imod kvitteringer – kvitteringen når frem senere
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Og E-flyt tager ikke imod kvitteringer i 10 minutter
    Når borgeren melder flytning pr. 2024-03-15 og vælger den åbne praksis
    Og sygesikringen har mødt fejlen hos E-flyt
    Og der går 10 minutter
    Så E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15
    Og Luna registrerer borgeren hos den åbne praksis med virkning fra 2024-03-15

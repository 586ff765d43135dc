# language: da
@certifikater @krav:SYG-311
Egenskab: Serviceplatformen skifter fra OCES2 til OCES3
  Som kommune vil jeg have, at sygesikringen siger tydeligt fra, når Serviceplatformen afviser dens
  systemcertifikat, og gemmer arbejdet til certifikatet er fornyet, så intet lægevalg går tabt.
  Ved skiftet den 31. oktober 2023 gik integrationen til Serviceplatformen i stå.

  Scenarie: Før skiftet godtages OCES2-certifikatet
    Givet at dags dato er 2023-10-30
    Og at Serviceplatformen skifter til OCES3 den 2023-10-31
    Og at sygesikringen bruger et OCES2-systemcertifikat
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og Serviceplatformen godtager sygesikringens systemcertifikat
    Og Servicebussen leverer ingen alarm om sygesikringens systemcertifikat

  Scenarie: I overgangen godtages OCES3-certifikatet
    Givet at dags dato er 2023-10-15
    Og at Serviceplatformen godtager både OCES2 og OCES3 fra 2023-10-01
    Og at Serviceplatformen skifter til OCES3 den 2023-10-31
    Og at sygesikringen bruger et OCES3-systemcertifikat
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og Serviceplatformen godtager sygesikringens systemcertifikat
    Og Servicebussen leverer ingen alarm om sygesikringens systemcertifikat

  Scenarie: Efter skiftet afvises OCES2 – valget gemmes og sendes med det nye certifikat
    Givet at dags dato er 2023-10-30
    Og at Serviceplatformen skifter til OCES3 den 2023-10-31
    Og at sygesikringen bruger et OCES2-systemcertifikat
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når der er gået 2 dage
    Og borgeren vælger den åbne praksis
    Så lægevalget modtages som afventende
    Og Serviceplatformen afviser sygesikringens systemcertifikat som ukendt udsteder
    Og Servicebussen leverer én alarm om, at Serviceplatformen afviser sygesikringens systemcertifikat
    Når sygesikringen får et nyt OCES3-systemcertifikat
    Og der er gået 1 dage
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang

  Scenarie: Et udløbet systemcertifikat afvises – valget sendes når certifikatet er fornyet
    Givet at dags dato er 2024-03-01
    Og at Serviceplatformen skifter til OCES3 den 2023-10-31
    Og at sygesikringen bruger et OCES3-systemcertifikat
    Og at sygesikringens systemcertifikat udløber 2024-02-29
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget modtages som afventende
    Og Serviceplatformen afviser sygesikringens systemcertifikat som udløbet
    Og Servicebussen leverer én alarm om, at Serviceplatformen afviser sygesikringens systemcertifikat
    Når sygesikringen får et nyt OCES3-systemcertifikat
    Og der er gået 1 dage
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang

  Scenarie: Et spærret systemcertifikat afvises
    Givet at dags dato er 2024-03-01
    Og at Serviceplatformen skifter til OCES3 den 2023-10-31
    Og at sygesikringen bruger et OCES3-systemcertifikat
    Og at sygesikringens systemcertifikat er spærret
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget modtages som afventende
    Og Serviceplatformen afviser sygesikringens systemcertifikat som spærret
    Og Servicebussen leverer én alarm om, at Serviceplatformen afviser sygesikringens systemcertifikat
    Når sygesikringen får et nyt OCES3-systemcertifikat
    Og der er gået 1 dage
    Så Luna registrerer borgeren hos den åbne praksis præcis én gang

  Scenarie: Et certifikat fra en ukendt udsteder afvises
    Givet at dags dato er 2024-03-01
    Og at Serviceplatformen skifter til OCES3 den 2023-10-31
    Og at sygesikringen bruger et systemcertifikat fra en ukendt udsteder
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 3 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Så lægevalget modtages som afventende
    Og Serviceplatformen afviser sygesikringens systemcertifikat som ukendt udsteder
    Og Servicebussen leverer én alarm om, at Serviceplatformen afviser sygesikringens systemcertifikat

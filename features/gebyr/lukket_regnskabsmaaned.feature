# language: da
@gebyr @finance
Egenskab: Et gebyr til en lukket regnskabsmåned venter, til Finance genåbner måneden
  Kommunens økonomifunktion lukker hver måned for bogføring (månedsafslutning); Finance afviser derefter ethvert bilag
  dateret i den måned (409 period-closed). Afvisningen bruger ikke bilagets idempotensnøgle: sygesikringen holder
  gebyret tilbage og sender det igen under samme nøgle, når måneden er genåbnet. Et gebyr, der blot markeres som
  fejlet, er tabt for kommunen – og borgeren har fået at vide, at det koster.

  Scenarie: Et kort bestilt i en lukket måned bogføres én gang, når måneden genåbnes
    Givet at dags dato er 2024-03-28
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Finance lukker regnskabsmåneden 2024-03
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Så kortet koster 225 kr.
    Når Finance genåbner regnskabsmåneden 2024-03
    Og der går 10 minutter
    Så der bogføres præcis 1 gebyrbilag for borgeren
    Og der bogføres et gebyr på 225 kr. for borgeren
    Og ingen udveksling brød en kontrakt

  Scenarie: Finance er nede ved månedsskiftet og lukker måneden, mens gebyret venter – det bogføres efter genåbning
    Givet at dags dato er 2024-03-31
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Og Finance tager ikke imod bogføringer i 30 minutter
    Når borgeren vælger den åbne praksis
    Og Finance lukker regnskabsmåneden marts 2024
    Og der går 30 minutter
    Og Finance genåbner regnskabsmåneden marts 2024
    Og der går 10 minutter
    Så der bogføres præcis 1 gebyrbilag for borgeren
    Og Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og ingen udveksling brød en kontrakt

# language: da
@laegevalg @krav:SYG-101
Egenskab: Et ydernummer, som Luna ikke kender
  En borger, der taster et forkert ydernummer, får at vide, at lægen ikke findes (404), og intet andet sker:
  intet gebyr, ingen registrering i Luna og ingen besked til partnerne.

  Baggrund:
    Givet at dags dato er 2024-03-01

  Scenarie: Et ukendt ydernummer afvises, og borgeren beholder sin læge
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren vælger ydernummer 999990, som Luna ikke kender
    Så lægevalget afvises, fordi Luna ikke kender ydernummeret
    Og der bogføres intet gebyr for borgeren

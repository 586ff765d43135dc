# language: da
@gebyr @gentagelse
Egenskab: Den samme anmodning igen samme dag giver det første svar og intet nyt
  En borger, der klikker to gange, eller en browser, der sender formularen igen, fordi svaret aldrig kom, sender den
  samme anmodning to gange. Kontrakten: samme anmodning igen samme dag besvares med det første svar og ændrer intet –
  intet andet gebyr, ingen anden registrering, ingen anden besked. En leverandør, der kender anmodningen på noget
  andet (klokkeslættet, et nyt anmodnings-id), tager gebyret to gange; en, der afviser gentagelsen ("det er allerede
  din læge"), fortæller borgeren, at valget mislykkedes.

  Scenarie: Et lægevalg sendt to gange registreres og koster én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Og borgeren sender den samme anmodning igen
    Så sygesikringen svarer det samme som første gang
    Og lægevalget accepteres med virkning om 14 dage
    Og Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og der bogføres præcis 1 gebyrbilag for borgeren
    Og Servicebussen leverer én besked om ændret lægevalg for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Et skift af sikringsgruppe sendt to gange sker og koster én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren skifter til sikringsgruppe 2
    Og borgeren sender den samme anmodning igen
    Så sygesikringen svarer det samme som første gang
    Og skiftet accepteres med virkning om 14 dage
    Og der bogføres præcis 1 gebyrbilag for borgeren
    Og Servicebussen leverer én besked om ændret sikringsgruppe for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Et erstatningskort bestilt to gange samme dag koster én gang
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Når borgeren bestiller et sundhedskort på grund af mistet kort
    Og borgeren sender den samme anmodning igen
    Så sygesikringen svarer det samme som første gang
    Og kortet koster 225 kr.
    Og der bogføres præcis 1 gebyrbilag for borgeren
    Og Servicebussen leverer én besked om bestilt sundhedskort for borgeren til partnerne
    Og ingen udveksling brød en kontrakt

  Scenarie: Et lægevalg sendt igen dagen efter er en ny anmodning: lægen er allerede valgt
    Givet en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en åben praksis 4 km fra borgerens bopæl
    Når borgeren vælger den åbne praksis
    Og der er gået 1 dag
    Og borgeren sender den samme anmodning igen
    Så lægevalget afvises, fordi lægen allerede er borgerens læge
    Og Luna registrerer borgeren hos den åbne praksis præcis én gang
    Og der bogføres præcis 1 gebyrbilag for borgeren

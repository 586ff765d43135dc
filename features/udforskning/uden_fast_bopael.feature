# language: da
@fundet @seed:1 @lukket_praksis
Egenskab: Uden fast bopæl deler ingen bolig
  CPR giver alle uden fast bopæl i kommunen rådhusets adresse (vejkode 9999). Det er ingen fælles bolig, så
  undtagelsen "samme adresse" (a) gælder ikke for to borgere uden fast bopæl, selv om CPR viser dem på samme adresse.
  Skrevet i udforskerens trin (seed 1 giver de to borgere samme postnummer); oraklet siger, hvad hver nabo skal vise.

  Scenarie: Udforskning med seed 1
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og er uden fast bopæl
    Og borger 2 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge og er uden fast bopæl
    Og praksis 1 åben for tilgang ligger 3 km fra borger 1s bopæl
    Når borger 1 vælger praksis 1 som læge
    Og der er gået 15 dage
    Og regionen lukker praksis 1 for tilgang, fordi den er fuld
    Og borger 2 vælger praksis 1 som læge med undtagelsen samme adresse
    Så viser hver nabo det, som oraklet forudsiger

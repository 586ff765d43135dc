# language: da
# Fundet af udforskeren (golive explore) med seed 0; genafspil: golive explore --seed 0 --max-examples 10 --steps 25 --defects group-date-as-datetime
# Den indbyggede fejl i reference-SUT'en: group-date-as-datetime (GOLIVE_SUT_DEFECTS)
# Fejlen: invariant brudt: Servicebus refused publishMessage from the SUT: body.payload.effectiveDate '2024-03-15T00:00:00+01:00' breaks `format` — "2024-03-15T00:00:00+01:00" is not a "date" - [contract] Servicebus refused publishMessage from the SUT: body.payload.effectiveDate '2024-03-15T00:00:00+01:00' b…
@fundet @seed:0
Egenskab: Fundet af udforskeren: servicebus viste andet end oraklet forudsagde
  Udforskeren fandt og formindskede dette forløb; hvert trin tjekker alle naboer mod oraklet.

  Scenarie: Udforskning med seed 0
    Givet at dags dato er 2024-03-01
    Og borger 1 i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og Luna er nede i 10 minutter
    Når borger 1 skifter til sikringsgruppe 2
    Så viser hver nabo det, som oraklet forudsiger

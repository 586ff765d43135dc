# language: da
Egenskab: Skift af sikringsgruppe
  Som borger kan jeg skifte mellem sikringsgruppe 1 og 2.
  (Scenarierne skrives senere.)

# language: da
@minlog @krav:SYG-301
Egenskab: MinLog viser borgeren hvert rigtigt opslag og intet andet
  Som borger vil jeg i MinLog på sundhed.dk se, hvem der har slået mig op, hvornår og hvorfor,
  så jeg kan stole på, at hvert opslag er et rigtigt opslag af en sagsbehandler.
  Borgere så langt flere opslag, end der var gjort, fordi systemet skrev i MinLog ved logins og baggrundsjob.

  Baggrund:
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og en sagsbehandler i Aarhus Kommune er logget ind

  Scenarie: Et opslag giver én linje i borgerens MinLog
    Når sagsbehandleren slår borgeren op
    Så borgerens MinLog viser 1 opslag af sagsbehandleren
    Og MinLog viser ingen opslag fra baggrundsjob
    Og ingen udveksling brød en kontrakt

  Scenarie: Opslaget står i MinLog med det tidspunkt, det blev gjort, ikke tidspunktet for login
    Når der går 90 minutter
    Og sagsbehandleren slår borgeren op
    Så borgerens MinLog viser 1 opslag af sagsbehandleren
    Og ingen udveksling brød en kontrakt

  Scenarie: Et nyt login er ikke et opslag
    Når sagsbehandleren slår borgeren op
    Og sagsbehandleren logger ind igen
    Så borgerens MinLog viser 1 opslag af sagsbehandleren
    Og MinLog viser ingen opslag fra baggrundsjob

  Scenarie: Natkørslen læser borgeren uden at skrive i MinLog
    Når sagsbehandleren slår borgeren op
    Og natkørslen har kørt
    Så borgerens MinLog viser 1 opslag af sagsbehandleren
    Og MinLog viser ingen opslag fra baggrundsjob

  Scenarie: Et opslag nævner kun den borger, der blev slået op
    Givet et barn under 15 år, der bor hos borgeren og har samme læge
    Og barnet er kendt af sygesikringen
    Når sagsbehandleren slår barnet op
    Og sagsbehandleren slår borgeren op
    Så borgerens MinLog viser 1 opslag af sagsbehandleren
    Og barnets MinLog viser 1 opslag af sagsbehandleren
    Og ingen MinLog-post nævner en anden borger

  Scenarie: Et opslag efter et login uden navn viser stadig sagsbehandleren
    Når sagsbehandleren logger ind igen uden navn
    Og sagsbehandleren slår borgeren op
    Så borgerens MinLog viser 1 opslag af sagsbehandleren
    Og MinLog viser ingen opslag fra baggrundsjob

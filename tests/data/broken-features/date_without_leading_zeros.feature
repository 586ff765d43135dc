# language: da
Egenskab: Flytning

  Scenarie: Flytning med nyt lægevalg
    Givet at dags dato er 2024-03-01
    Og en borger i sikringsgruppe 1 bosat i Aarhus Kommune med egen læge
    Og borgeren skal flytte til Odense Kommune
    Og en åben praksis 3 km fra borgerens nye adresse
    Når borgeren melder flytning pr. 2024-3-15 og vælger den åbne praksis
    Så E-flyt modtager en kvittering om gennemført flytning med den åbne praksis fra 2024-03-15

# language: da
Feature: Engelsk overskrift i en dansk fil

  Scenarie: Dags dato
    Givet at dags dato er 2024-03-01

# language: da

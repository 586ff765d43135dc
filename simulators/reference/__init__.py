"""Danish administrative reference data (regions, municipalities, postcodes) as CSV files.

Loaded by simulators.refdata."""

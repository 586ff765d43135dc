"""Danish administrative reference data (regions, municipalities, postcodes) as CSV files; loaded by simulators.refdata."""

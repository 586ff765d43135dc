"""`golive contracts`: the contract suites as a product a vendor can run from its own CI.

golive contracts verify   run a contract's suite (schemathesis) against any endpoint
golive contracts diff     classify the changes between two versions of a contract; non-zero on breaking ones
golive contracts compare  run the same cases against a simulator and a real endpoint; report where they differ
"""

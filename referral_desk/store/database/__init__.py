"""The store's file and its shape: opening and checking it, the schema and its versions, the
tables, ids, database errors in words, rows to and from the wire, the disease list's editions, and
the reference data a new store starts with. Knows nothing of reads/ or writes/ (import-linter)."""

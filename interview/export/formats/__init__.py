"""The exported formats, built from record dicts with no Flask in them: CSVs and the data dictionary."""

"""The participant record (`interview-record/3`): built from the database as plain data, with no Flask
request in it; every output (PDF, CSV, JSON) is made from it."""

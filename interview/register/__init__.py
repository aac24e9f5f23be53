"""The registers behind erasure: which exported copies hold whom, and who was erased when.

Both the export (which writes copies) and the erasure (which destroys them) read and write here;
neither imports the other through it.
"""

"""The registers behind erasure: which exported copies hold whom, who was erased when, and where
each participant's recordings are.

Both the export (which writes copies) and the erasure (which destroys them) read and write here;
neither imports the other through it.
"""

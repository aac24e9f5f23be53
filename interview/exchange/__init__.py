"""REFI-QDA exchange: the study as a .qdpx project and its codebook as a .qdc, and imports of both."""

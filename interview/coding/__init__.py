"""Qualitative coding of the interviews: codebook, coded passages, two coders and their agreement."""

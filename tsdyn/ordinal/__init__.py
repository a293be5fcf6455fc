"""Ordinal patterns: permutation entropy and its relatives, complexity, the C-H plane."""

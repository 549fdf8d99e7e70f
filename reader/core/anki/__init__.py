"""Anki export: Yuedu's note types, notes from the vocabulary, and the ways out (apkg, text file, AnkiConnect)."""

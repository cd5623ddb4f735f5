"""The pure analysis core: conversations in, values out. No files, no database, no terminal."""

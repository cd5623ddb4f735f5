"""Import formats. Each module reads one format; :mod:`sincere.importers.registry` picks one."""

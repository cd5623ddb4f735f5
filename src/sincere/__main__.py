"""``python -m sincere``: the command line."""

from sincere.cli import main

main()

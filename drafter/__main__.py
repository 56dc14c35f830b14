"""python -m drafter: the same command line as `drafter`."""

from .cli import main

main()

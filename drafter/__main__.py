"""python -m drafter: the same command line as `drafter`."""

from drafter.cli import main

main()

"""The spec stage: YAML read with the line of every key (source), and the spec validated
against the outline's fields (validate)."""

# What counts as a spec (as opposed to a draft) wherever a file is given.
SPEC_SUFFIXES = (".yaml", ".yml")

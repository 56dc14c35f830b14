"""The spec stage: YAML read with the line of every key (source), and the spec validated
against the outline's fields (validate)."""

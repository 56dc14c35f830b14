"""Chinese-text primitives every stage shares: numerals and dates (cn), character checks
and normalisation (chars), and the level vocabulary of places.yaml (places)."""

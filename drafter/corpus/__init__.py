"""Tools over 范文: cleaning downloaded pages (clean), n-gram overlap (overlap), and turning a
speech into an outline (extract)."""

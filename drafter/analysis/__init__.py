"""Analysis: what a speech's text holds, found once for every stage that reads speeches.

`drafter check` (drafter.checks) and `drafter extract` (drafter.corpus.extract) both look for
numbering markers, placeholders, names and places, the level a speech speaks for with its
self-references, and dates. Each of those detectors lives here, in one module, and both use it;
where the two read a text differently (extract is dictionary-free, check tags words with jieba)
the difference is a parameter or a named variant, not a second copy.

Layering: this package builds on drafter.text, drafter.errors and drafter.resources only, so
checks and corpus can both import it and it imports neither.
"""

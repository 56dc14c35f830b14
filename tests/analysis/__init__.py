"""Tests of drafter.analysis (a package: test_levels.py is also a name at the top of tests/)."""

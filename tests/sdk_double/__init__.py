"""Marks the double's folder as the package `sdk_double`, so that its tests get unique module
names (`sdk_double.tests.*`) next to scaffold's own `tests/conftest.py`. The installable
distribution itself lives in `src/`."""

"""Markers the repository's tests share."""

import pytest

from autograder.sandbox import bubblewrap

needs_bubblewrap = pytest.mark.skipif(bubblewrap() is None, reason="bubblewrap is not installed")

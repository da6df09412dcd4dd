"""Helpers of the repository's tests, imported as a package (`tests.support.commands`, ...)."""

# The fixture projects carry test suites of their own: `course check-project` runs them, this
# repository's pytest must not collect them.
collect_ignore_glob = ["fixtures/*"]

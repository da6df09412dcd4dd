"""`python -m autograder.github COMMAND`, as the grading workflows call it."""

import sys

from autograder.github.cli import main

if __name__ == "__main__":
    sys.exit(main())

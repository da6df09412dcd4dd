"""The live run: the submission's app in the sandbox, and the pytest plugin that points the
grader's own copy of a contract suite at it over HTTP."""

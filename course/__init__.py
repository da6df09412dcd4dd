"""The `course` command: render starters, serve a week, grade submissions."""

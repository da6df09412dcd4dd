"""The team project's machine checks (`course check-project DIR`) and its milestones.

A team's project is an app of its own idea, so nothing here assumes CourseHub: `layout`
finds the project's package, app, Alembic configuration and README commands; `check` runs
the five checks in the sandbox, each a row of a grade (`autograder.results`); `milestones`
reads the milestones and their rubrics from `lessons/project/milestones.toml`, which the
site and the gradebook (`gradebook`) both use.
"""

"""The course website: what mkdocs builds from the repository, and what it must never show.

`mkdocs.yml` reads `docs/`; the hooks in `docs/hooks/course_site.py` call this package, which
- pulls the session plans, homework pages and handouts from `lessons/week-NN/` (never copies
  of them) and the student versions of the worksheets from `worksheets/`;
- fills in `{{ session_date }}` and `{{ due("hwNN") }}` from `lessons/calendar.toml`;
- generates the pages that are facts of the repository rather than prose: the schedule, the
  week pages, the homework table, the endpoint reference, the data-model diagram and the
  reference solutions that are released;
- reads Markdown as GitHub does where lists are concerned (`markdown_lists`, a Markdown
  extension named in mkdocs.yml): a list may follow a line of text, and an item holds what is
  indented to its text;
- leaves out the instructors blocks of the lessons (answer keys), or in the instructors'
  edition keeps them under a label with a banner on every page (`edition`);
- after the build, scans every page for text of hidden tests, mutants, worksheet solutions,
  reference solutions that are not released yet and answer keys (`secrets`, `leaks`), and for
  defects a reader would see: run-on lists, repeated titles, over-wide diagrams
  (`html_check`); the build fails on any.

Solution release: a homework's reference solution is published `SOLUTION_RELEASE_DAYS` after
its due date, unless `lessons/calendar.toml` has a `[solution_release]` table that says
otherwise (`days_after_due = N` for all, or `hw03 = 2026-02-20` / `hw03 = "never"` for one).
The site is built "as of" now, or as of `COURSE_SITE_DATE` (an ISO date) for a preview.

One module per job: `build` plans a build and runs it; `sources`, `notebooks` and `app_facts`
read the repository; `plan` is what every page asks of a build; `schedule`, `week_pages`,
`solutions`, `app_pages` and `navigation` generate pages; `placeholders`,
`docs_placeholders`, `pulled_pages`, `links` and `edition` are what the hooks do to a page;
`markdown_lists` is how a page's Markdown is read; `secrets` and `leaks` are the leak check,
`html_check` the check of the built pages.
"""

"""The lessons and homework pages (`pages`), and the checks that they tell the truth about
the code: `lessons` (session plans and handouts), `homework` (contracts against the tests that
grade them), `references` (every name and date they mention) over `week_app` and `endpoints`;
`instructor_blocks` (answer keys that only the instructors' edition of the site shows).
"""

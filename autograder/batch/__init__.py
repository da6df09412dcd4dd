"""Grading a class: the resumable batch (`run`) and what it writes for the staff (`report`)."""

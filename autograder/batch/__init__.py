"""Grading a class: the resumable batch (`run`), what it writes for the staff (`report`), and the
points a TA gives by hand (`manual`)."""

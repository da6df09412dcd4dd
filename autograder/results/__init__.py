"""The result of a grading (`model`) and the formats it is written in (`formats`)."""

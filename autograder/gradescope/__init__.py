"""Gradescope: the autograder bundle of one assignment (`bundle`, with the scripts in
`templates/`), and what runs inside Gradescope's container for each submission (`runner`)."""

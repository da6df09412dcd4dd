"""One module per resource of the spec; each route reads its input, calls one service and
wraps the answer in the spec's envelope."""

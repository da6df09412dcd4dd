"""What the API accepts and answers, in the spec's envelopes: {"user": ...}, {"article": ...}."""

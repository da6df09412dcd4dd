"""HTTP endpoints. Each function validates input (via schemas), calls a service, returns."""

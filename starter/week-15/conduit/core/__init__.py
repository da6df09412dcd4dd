"""What every layer stands on: settings, the database engine, errors, security."""

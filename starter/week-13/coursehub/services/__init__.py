"""Business rules and data access. Services raise `AppError`s and never see HTTP."""

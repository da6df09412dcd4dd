"""Pydantic schemas: what the API accepts (…Create, …Update) and what it returns (…Read)."""

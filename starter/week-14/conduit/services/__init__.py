"""The rules and the queries. Services raise `conduit.core.errors` exceptions and know
nothing of HTTP; the routes call them."""

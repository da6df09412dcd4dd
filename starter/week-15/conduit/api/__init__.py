"""How requests reach the routes: the shared dependencies and the router of every resource."""

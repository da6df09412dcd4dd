# >>> file from week 13
"""`GET /metrics`: the request counters of `core/monitoring.py` in Prometheus's text format,
for a Prometheus server to scrape every few seconds.

It is for the operators' tools, not the API's clients, so the OpenAPI document leaves it out
(and a fuzzer reading that document does not hammer it). In production, let only the scraper
reach it (a proxy rule, or a port of its own): route names and traffic are nobody else's
business. `METRICS_ENABLED=false` removes it.
"""

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

router = APIRouter(tags=["health"])


@router.get("/metrics", include_in_schema=False)
async def metrics(request: Request) -> Response:
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

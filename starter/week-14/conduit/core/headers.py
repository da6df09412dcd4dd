"""Security headers on every answer. An API answer is JSON that no browser should render,
frame or sniff as something else; the docs page is HTML that loads only this server's files.

A pure ASGI middleware (not `@app.middleware("http")`): it adds headers as the answer starts
and leaves the body alone.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVERY_ANSWER = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
}
API_POLICY = b"default-src 'none'; frame-ancestors 'none'"
# The docs page runs FastAPI's few inline lines that start Swagger UI.
DOCS_POLICY = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; frame-ancestors 'none'"
)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                content_type = dict(headers).get(b"content-type", b"")
                policy = DOCS_POLICY if content_type.startswith(b"text/html") else API_POLICY
                extra = EVERY_ANSWER | {b"content-security-policy": policy}
                headers += [(name, value) for name, value in extra.items() if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

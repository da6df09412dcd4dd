"""The application factory. `uvicorn coursehub.main:app` serves the app built from the
environment; tests and the autograder call `create_app(Settings(...))` with their own."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from coursehub.api.router import api_router
from coursehub.core.config import Settings
from coursehub.core.database import make_engine, make_session_factory
from coursehub.core.docs import install_offline_docs
from coursehub.core.errors import install_error_handlers
from coursehub.core.headers import SecurityHeaders
from coursehub.core.live import GroupHub
from coursehub.core.monitoring import RequestMetrics, RequestMonitor, log_requests_to_stderr
from coursehub.jobs import daily_digest_loop
from coursehub.routes import metrics
from coursehub.core.mail import Mailer
from coursehub.routes import summaries
from coursehub.core.oidc import OIDCVerifier
from coursehub.core.security import PasswordHasher
from coursehub.core.throttle import LoginThrottle
from coursehub.startup import load_sample_data, migrate


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        log_requests_to_stderr()
        engine = make_engine(settings.database_url)
        app.state.settings = settings
        app.state.hasher = PasswordHasher(settings)
        app.state.login_throttle = LoginThrottle()
        app.state.mailer = Mailer(settings)
        app.state.session_factory = make_session_factory(engine)
        await migrate(engine)
        if settings.seed_sample_data:
            await load_sample_data(engine, settings.sample_data_file)
        # Logins with an OpenID Connect issuer's tokens: its keys are cached here, per app.
        app.state.oidc = OIDCVerifier(settings) if settings.oidc_enabled else None
        app.state.hub = GroupHub()
        digest = None
        if settings.digest_enabled:
            digest = asyncio.create_task(
                daily_digest_loop(app.state.session_factory, app.state.mailer, settings)
            )
        yield
        if digest is not None:
            digest.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await digest
        # Close pooled connections; a left-open SQLite file breaks the next app in the process.
        await engine.dispose()

    app = FastAPI(
        title=settings.app_name,
        description="The course platform we build together, one week at a time.",
        version="2026.1",
        lifespan=lifespan,
        docs_url=None,  # replaced by the offline Swagger UI below
    )
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    # Added last, so it runs first: its id and its timing cover everything the app does.
    app.state.metrics = RequestMetrics() if settings.metrics_enabled else None
    app.add_middleware(RequestMonitor, metrics=app.state.metrics)
    if settings.metrics_enabled:
        app.include_router(metrics.router)
    install_offline_docs(app)
    app.include_router(api_router)
    # Summaries call a paid outside service: the API document lists them only where one is set
    # up (AI_API_KEY). Without it they answer 503, which no client should be pointed to.
    app.include_router(summaries.router, include_in_schema=settings.ai_enabled)
    return app


app = create_app()

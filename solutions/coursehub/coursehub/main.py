"""The application factory. `uvicorn coursehub.main:app` serves the app built from the
environment; tests and the autograder call `create_app(Settings(...))` with their own."""

# >>> from week 13
import asyncio
import contextlib
# <<<
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from coursehub.api.router import api_router
from coursehub.core.config import Settings
from coursehub.core.database import make_engine, make_session_factory
from coursehub.core.docs import install_offline_docs
from coursehub.core.errors import install_error_handlers
from coursehub.core.headers import SecurityHeaders
# >>> from week 13
from coursehub.core.live import GroupHub
from coursehub.core.monitoring import RequestMetrics, RequestMonitor, log_requests_to_stderr
from coursehub.jobs import daily_digest_loop
from coursehub.routes import metrics
# <<<
# >>> from week 09
from coursehub.core.mail import Mailer
# <<<
# >>> from week 13
from coursehub.routes import summaries
# <<<
# >>> from week 13
from coursehub.core.oidc import OIDCVerifier
# <<<
from coursehub.core.security import PasswordHasher
from coursehub.core.throttle import LoginThrottle
# >>> from week 12
from coursehub.startup import load_sample_data, migrate
# === before
# from coursehub.startup import create_tables, load_sample_data
# <<<


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # >>> from week 13
        log_requests_to_stderr()
        # <<<
        engine = make_engine(settings.database_url)
        app.state.settings = settings
        app.state.hasher = PasswordHasher(settings)
        app.state.login_throttle = LoginThrottle()
        # >>> from week 09
        app.state.mailer = Mailer(settings)
        # <<<
        app.state.session_factory = make_session_factory(engine)
        # >>> from week 12
        await migrate(engine)
        # === before
        # await create_tables(engine)
        # <<<
        if settings.seed_sample_data:
            await load_sample_data(engine, settings.sample_data_file)
        # >>> from week 13
        # Logins with an OpenID Connect issuer's tokens: its keys are cached here, per app.
        app.state.oidc = OIDCVerifier(settings) if settings.oidc_enabled else None
        # <<<
        # >>> from week 13
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
        # === before
        # yield
        # <<<
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
    # >>> from week 13
    # Added last, so it runs first: its id and its timing cover everything the app does.
    app.state.metrics = RequestMetrics() if settings.metrics_enabled else None
    app.add_middleware(RequestMonitor, metrics=app.state.metrics)
    if settings.metrics_enabled:
        app.include_router(metrics.router)
    # <<<
    install_offline_docs(app)
    app.include_router(api_router)
    # >>> from week 13
    # Summaries call a paid outside service: the API document lists them only where one is set
    # up (AI_API_KEY). Without it they answer 503, which no client should be pointed to.
    app.include_router(summaries.router, include_in_schema=settings.ai_enabled)
    # <<<
    return app


app = create_app()

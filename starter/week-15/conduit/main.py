"""The application factory. `uvicorn conduit.main:app` serves the app built from the
environment; tests call `create_app(Settings(...))` with their own."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from conduit.api.router import api_router
from conduit.core.config import Settings
from conduit.core.database import make_engine, make_session_factory
from conduit.core.docs import install_offline_docs
from conduit.core.errors import install_error_handlers
from conduit.core.headers import SecurityHeaders
from conduit.core.security import PasswordHasher
from conduit.startup import load_sample_data, migrate


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url)
        app.state.settings = settings
        app.state.hasher = PasswordHasher(settings)
        app.state.session_factory = make_session_factory(engine)
        await migrate(engine)
        if settings.seed_sample_data:
            await load_sample_data(engine, settings.sample_data_file)
        yield
        # Close pooled connections; a left-open SQLite file breaks the next app in the process.
        await engine.dispose()

    app = FastAPI(
        title=settings.app_name,
        description=(
            "A blogging platform whose API follows the RealWorld (Conduit) backend spec. "
            "Protected operations need `Authorization: Token <jwt>`; every error answers "
            '`{"errors": {"body": ["..."]}}`.'
        ),
        version="2026.1",
        lifespan=lifespan,
        docs_url=None,  # replaced by the offline Swagger UI below
        redoc_url=None,
    )
    install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        # A frontend on another origin sends the token in a header, never a cookie: no
        # credentials are allowed, only the two headers the spec's requests carry.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type"],
        )
    install_offline_docs(app)
    app.include_router(api_router)
    return app


app = create_app()

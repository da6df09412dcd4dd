"""Interactive API docs served from this machine.

FastAPI's default `/docs` page loads Swagger UI from a CDN, which is blank on a lab network or
a CI runner without internet. The `swagger-ui-bundle-v2` package ships the same files.
"""

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

SWAGGER_STATIC_URL = "/static/swagger-ui"


def install_offline_docs(app: FastAPI) -> None:
    app.mount(SWAGGER_STATIC_URL, StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{app.title} - API docs",
            swagger_js_url=f"{SWAGGER_STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_STATIC_URL}/favicon-32x32.png",
        )

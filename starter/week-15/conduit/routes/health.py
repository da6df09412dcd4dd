from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from conduit.api.deps import SessionDep
from conduit.core.errors import ERROR_MEANINGS

router = APIRouter(tags=["Health"])


class Health(BaseModel):
    status: str
    database: str


@router.get(
    "/health",
    operation_id="Health",
    response_model=Health,
    responses={503: {"model": Health, "description": ERROR_MEANINGS[503]}},
)
async def health(session: SessionDep) -> JSONResponse:
    """Whether the app and its database answer, for load balancers and deployments."""
    try:
        await session.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})

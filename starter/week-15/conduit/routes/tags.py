from fastapi import APIRouter

from conduit.api.deps import SessionDep
from conduit.schemas.article import TagListResponse
from conduit.services import tags as tag_service

router = APIRouter(prefix="/api/tags", tags=["Tags"])


@router.get("", operation_id="GetTags", response_model=TagListResponse)
async def list_tags(session: SessionDep) -> TagListResponse:
    """Every tag an article has, the most used first."""
    return TagListResponse(tags=await tag_service.tags_in_use(session))

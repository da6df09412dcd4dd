from fastapi import APIRouter

from conduit.routes import articles, comments, health, profiles, tags, users

api_router = APIRouter()
for module in (health, users, profiles, articles, comments, tags):
    api_router.include_router(module.router)

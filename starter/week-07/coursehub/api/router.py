from fastapi import APIRouter

from coursehub.routes import auth, courses, groups, health, users

api_router = APIRouter()
for module in (health, auth, users, courses, groups):
    api_router.include_router(module.router)

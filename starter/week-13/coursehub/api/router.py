from fastapi import APIRouter

from coursehub.routes import auth, courses, groups, health, users

from coursehub.routes import notes

from coursehub.routes import live

api_router = APIRouter()
for module in (health, auth, users, courses, groups, notes, live):
    api_router.include_router(module.router)

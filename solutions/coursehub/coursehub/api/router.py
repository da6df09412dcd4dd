from fastapi import APIRouter

from coursehub.routes import auth, courses, groups, health, users

# >>> from week 08
from coursehub.routes import notes

# <<<
api_router = APIRouter()
# >>> from week 08
for module in (health, auth, users, courses, groups, notes):
# === before
# for module in (health, auth, users, courses, groups):
# <<<
    api_router.include_router(module.router)

from fastapi import APIRouter

from coursehub.routes import auth, courses, groups, health, users

# >>> from week 08
from coursehub.routes import notes

# <<<
# >>> from week 13
from coursehub.routes import live

# <<<
api_router = APIRouter()
# >>> from week 08
# >>> from week 13
for module in (health, auth, users, courses, groups, notes, live):
# === before
# for module in (health, auth, users, courses, groups, notes):
# <<<
# === before
# for module in (health, auth, users, courses, groups):
# <<<
    api_router.include_router(module.router)

"""Demo accounts: learner, trainer, organiser and admin @demo.test, password akmn-demo."""

from __future__ import annotations

from app.auth import services
from app.auth.models import User, UserRole

DEMO_PASSWORD = "akmn-demo"  # noqa: S105 - documented demo password, demo accounts only

DEMO_ACCOUNTS = [
    {"email": "learner@demo.test", "name": "Sokha CHAN", "native_name": "ចាន់ សុខា",
     "country": "KH", "agency": "Ministry of Labour and Vocational Training (demo)",
     "position": "Deputy Director", "language": "en", "timezone": "Asia/Phnom_Penh",
     "roles": {"learner"}},
    {"email": "trainer@demo.test", "name": "KIM Minji", "native_name": "김민지",
     "country": "KR", "agency": "Migration Research Institute (demo)",
     "position": "Senior Researcher", "language": "en", "timezone": "Asia/Seoul",
     "roles": {"trainer"}},
    {"email": "organiser@demo.test", "name": "Maria SANTOS", "native_name": "",
     "country": "PH", "agency": "AKMN Secretariat (demo)", "position": "Programme Officer",
     "language": "en", "timezone": "Asia/Manila", "roles": {"organiser"}},
    {"email": "admin@demo.test", "name": "Platform Administrator", "native_name": "",
     "country": "KR", "agency": "AKMN Secretariat (demo)", "position": "Administrator",
     "language": "en", "timezone": "Asia/Seoul", "roles": {"admin"}},
]


def load() -> None:
    for account in DEMO_ACCOUNTS:
        data = dict(account)
        roles = data.pop("roles")
        user = services.get_user_by_email(data["email"])
        if user is None:
            user = User(**data, is_demo=True)
            user.role_rows = [UserRole(role=r) for r in sorted(roles)]
            from app.extensions import db

            db.session.add(user)
        # Demo accounts always have the documented password and their role.
        user.password_hash = services.hash_password(DEMO_PASSWORD)
        user.active = True
        if not roles <= user.roles:
            services.set_roles(user, user.roles | roles)

from tests.access import ADMIN, ANON, LEARNER, ORGANISER, TRAINER, Case, everyone, only, signed_in

SIGNED_IN_REDIRECT = {ANON: 200, LEARNER: 302, TRAINER: 302, ORGANISER: 302, ADMIN: 302}


def seed(world):
    pass


def cases(world):
    target = world["users"][LEARNER]
    return [
        Case("main.index", "/", everyone(200)),
        Case("main.healthz", "/healthz", everyone(200)),
        Case("main.language", "/language?next=/courses/", everyone(200)),
        Case("main.set_language", "/language", everyone(302), "POST", {"lang": "ko"}),
        Case("auth.login", "/login", SIGNED_IN_REDIRECT),
        Case("auth.logout", "/logout", everyone(302), "POST", fresh_client=True),
        Case("auth.register", "/register", everyone(404)),
        Case("auth.forgot_password", "/password/forgot", everyone(200)),
        # A bad token is answered by a redirect to "ask for a new link".
        Case("auth.reset_password", "/password/reset/bad-token", everyone(302)),
        Case("auth.accept_invitation", "/welcome/bad-token", everyone(302)),
        Case("auth.profile", "/account", signed_in(200)),
        Case("auth.change_password", "/account/password", signed_in(200)),
        Case("auth.end_other_sessions", "/account/sessions/end-others", signed_in(302), "POST"),
        Case("admin.index", "/admin/", only(ADMIN, status=302)),
        Case("admin.users", "/admin/users", only(ADMIN)),
        Case("admin.create_user", "/admin/users/new", only(ADMIN)),
        Case("admin.edit_user", f"/admin/users/{target.id}", only(ADMIN)),
        Case("admin.invite_user", f"/admin/users/{target.id}/invite", only(ADMIN, status=302),
             "POST"),
        Case("admin.import_users", "/admin/users/import", only(ADMIN)),
        Case("admin.audit", "/admin/audit", only(ADMIN)),
        Case("static", "/static/css/app.css", everyone(200)),
    ]

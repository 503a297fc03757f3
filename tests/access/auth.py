from tests.access import ADMIN, ANON, LEARNER, ORGANISER, TRAINER, Case, everyone, only, signed_in

SIGNED_IN_REDIRECT = {ANON: 200, LEARNER: 302, TRAINER: 302, ORGANISER: 302, ADMIN: 302}


def seed(world):
    pass


def _cut_font_urls() -> tuple[str, str]:
    """A page's cut-font stylesheet and one of its faces (public, like the static files)."""
    import re

    from flask import current_app

    from app import pagefonts

    with current_app.test_request_context():
        css = pagefonts.stylesheet_href("<p>សុខ ដារា</p>")
        spec, signature = css.rsplit("/", 2)[1:]
        rules = pagefonts.stylesheet(spec, signature.removesuffix(".css"))
    return css, re.search(r'url\("([^"]+)"\)', rules).group(1)


def cases(world):
    target = world["users"][LEARNER]
    cut_css, cut_font = _cut_font_urls()
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
        Case("main.page_fonts_css", cut_css, everyone(200)),
        Case("main.page_font", cut_font, everyone(200)),
    ]

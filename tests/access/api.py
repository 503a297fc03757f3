from app.api import tokens
from app.certificates import services as certificates
from app.certificates.data import CertificateData
from app.extensions import db
from tests.access import ADMIN, ANON, LEARNER, LOGIN, ORGANISER, TRAINER, Case, everyone, only

# The API reads no session cookie: signed-in users without a token are refused like anyone.
NO_TOKEN = everyone(401)


def seed(world):
    organiser = world["users"][ORGANISER]
    token, _secret = tokens.create_token(organiser, name="Matrix integration",
                                         scopes=[tokens.READ_COURSES])
    world["api_token_id"] = token.id
    world["api_certificate"] = certificates.issue_certificate(
        world["users"][LEARNER], snapshot=CertificateData(holder_name="API Holder",
                                                          title="API workshop"),
        template="classic", issued_by=organiser)
    db.session.commit()


def cases(world):
    code = world["api_certificate"].verification_code
    return [
        Case("api.tokens_index", "/api/tokens", only(ORGANISER)),
        Case("api.revoke_token", f"/api/tokens/{world['api_token_id']}/revoke",
             {ANON: LOGIN, LEARNER: 403, TRAINER: 403, ORGANISER: 302, ADMIN: 302},
             method="POST"),
        Case("api.docs", "/api/docs", everyone(200)),
        Case("api-docs.openapi_json", "/api/v1/openapi.json", everyone(200)),
        Case("api_v1.verify", f"/api/v1/verify/{code}", everyone(200)),
        Case("api_v1.certificates", "/api/v1/certificates", NO_TOKEN),
        Case("api_v1.completions", "/api/v1/workshops/1/completions", NO_TOKEN),
        Case("api_v1.enrolments", "/api/v1/workshops/1/enrolments", NO_TOKEN),
        Case("api_v1.enrol", "/api/v1/workshops/1/enrolments", NO_TOKEN, method="POST",
             data={"email": "someone@matrix.test"}),
        Case("api_v1.import_users", "/api/v1/users/import", NO_TOKEN, method="POST",
             data={"csv": "email,name\n"}),
        Case("api_v1.courses", "/api/v1/courses", NO_TOKEN),
    ]

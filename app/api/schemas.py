"""The API's request and response shapes (marshmallow; the OpenAPI description is made
from them by flask-smorest)."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, fields, validate

MAX_PER_PAGE = 100


class Timestamp(fields.DateTime):
    """Stored timestamps are naive UTC: sent as RFC 3339, with their offset."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class ApiErrorSchema(Schema):

    code = fields.Integer(required=True, metadata={"description": "The HTTP status."})
    status = fields.String(required=True)
    message = fields.String()
    errors = fields.Dict(metadata={"description": "Field errors of a refused request."})


class PageQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


# What every page of a list says about the paging: page, per_page, total, pages.
PageSchema = Schema.from_dict(
    {name: fields.Integer(required=True) for name in ("page", "per_page", "total", "pages")},
    name="PageSchema")


class SignatorySchema(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)


class CertificateSchema(Schema):
    serial = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["valid", "revoked",
                                                                   "replaced"]))
    holder_name = fields.String(required=True)
    holder_native_name = fields.String(required=True)
    title = fields.String(required=True)
    title_native = fields.String(required=True)
    course_titles = fields.List(fields.String(), required=True)
    start_date = fields.Date(required=True, allow_none=True)
    end_date = fields.Date(required=True, allow_none=True)
    hours = fields.Float(required=True, allow_none=True)
    venue = fields.String(required=True)
    host_country = fields.String(required=True)
    issuer = fields.String(required=True)
    signatories = fields.List(fields.Nested(SignatorySchema), required=True)
    issued_at = Timestamp(required=True)
    revoked_at = Timestamp(required=True, allow_none=True)
    workshop_id = fields.Integer(required=True, allow_none=True)
    verification_url = fields.String(required=True)
    credential_url = fields.String(required=True, allow_none=True)


class VerificationSchema(CertificateSchema):
    valid = fields.Boolean(required=True)


class HeldCertificateSchema(CertificateSchema):
    holder_email = fields.String(required=True)
    credential = fields.Dict(required=True, allow_none=True, metadata={
        "description": "The signed Open Badges 3.0 credential (null until it is issued)."})


class CertificatePageSchema(PageSchema):
    items = fields.List(fields.Nested(HeldCertificateSchema), required=True)


class CertificateQuerySchema(PageQuerySchema):
    workshop_id = fields.Integer(validate=validate.Range(min=1, max=2**31 - 1))
    holder = fields.String(validate=validate.Length(min=1, max=254), metadata={
        "description": "The holder's e-mail address."})
    issued_from = fields.Date()
    issued_to = fields.Date()
    status = fields.String(validate=validate.OneOf(["valid", "revoked", "replaced"]))


class PersonSchema(Schema):
    email = fields.String(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    agency = fields.String(required=True)


class CompletionSchema(Schema):
    user = fields.Nested(PersonSchema, required=True)
    completed_at = Timestamp(required=True, allow_none=True)
    certificate_serial = fields.String(required=True, allow_none=True)


class CompletionPageSchema(PageSchema):
    workshop_id = fields.Integer(required=True)
    items = fields.List(fields.Nested(CompletionSchema), required=True)


class EnrolmentSchema(Schema):
    id = fields.Integer(required=True)
    workshop_id = fields.Integer(required=True)
    user = fields.Nested(PersonSchema, required=True)
    status = fields.String(required=True)
    completion_status = fields.String(required=True)
    created_at = Timestamp(required=True)


class EnrolmentPageSchema(PageSchema):
    items = fields.List(fields.Nested(EnrolmentSchema), required=True)


class EnrolmentQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(
        ["applied", "approved", "declined", "waitlisted", "withdrawn", "invited"]))


class EnrolmentCreateSchema(Schema):
    email = fields.Email(required=True, validate=validate.Length(max=254))


class UserImportSchema(Schema):
    csv = fields.String(required=True, validate=validate.Length(min=1, max=2_000_000), metadata={
        "description": "The CSV of `flask users import`: columns email,name,native_name,"
                       "country,agency,position,language,roles."})


class RowErrorSchema(Schema):
    line = fields.Integer(required=True)
    message = fields.String(required=True)


class UserImportResultSchema(Schema):
    imported = fields.Integer(required=True)
    emails = fields.List(fields.String(), required=True)


class RowErrorsSchema(Schema):
    rows = fields.List(fields.Nested(RowErrorSchema), required=True)


class UserImportErrorSchema(ApiErrorSchema):
    errors = fields.Nested(RowErrorsSchema, required=True)


class CourseSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    summary = fields.String(required=True)
    language = fields.String(required=True)
    level = fields.String(required=True)
    hours = fields.Float(required=True)
    published_at = Timestamp(required=True, allow_none=True)


class CoursePageSchema(PageSchema):
    items = fields.List(fields.Nested(CourseSchema), required=True)

"""The certificates pages, one module per audience: ``officials`` (my certificates),
``organisers`` (register, issuing, revoking), ``templates`` (template editing), ``keys``
(admins) on the ``certificates`` blueprint, and ``verification`` (public, no prefix) on the
``verification`` blueprint."""

from app.certificates.views import keys, officials, organisers, templates, verification

__all__ = ["keys", "officials", "organisers", "templates", "verification"]

"""Who may see and change what in the expert directory.

Visibility of a profile
  Organisers (and admins) see every record, archived or without consent. Everybody else
  — anonymous visitors, learners, trainers — sees only experts who consented to be listed
  and are not archived. An expert linked to an account always sees their own profile
  (unless archived), so they can check what the directory shows about them.

Contact details (email, phone), each with a level
  public: everybody who may see the profile; members: signed-in users; organisers:
  organisers and admins. The expert always sees their own.

Editing
  Organisers edit everything. The expert linked to an account edits their own profile:
  what describes their work (honorific, native name, position, organisation and its type,
  country, expertise areas, keywords, languages, biography, publications, photo) and their
  own contact details with their visibility — it is their personal data, so they decide
  who may see it. The record itself stays with the secretariat: the Latin-script name
  (the key of the record, used for duplicates and certificates), the consent to be listed
  (the secretariat's record of evidence: date and who recorded it), the link to the
  account, archiving and merging.
"""

from __future__ import annotations

from app.auth.permissions import is_organiser
from app.experts.models import MEMBERS, ORGANISERS, PUBLIC

LEVEL_RANK = {PUBLIC: 0, MEMBERS: 1, ORGANISERS: 2}


def viewer_level(user) -> str:
    """The highest visibility level `user` may read."""
    if is_organiser(user):
        return ORGANISERS
    if user is not None and user.is_authenticated:
        return MEMBERS
    return PUBLIC


def level_allows(viewer: str, level: str) -> bool:
    """A viewer of level `viewer` may read a detail of level `level` (unknown → organisers)."""
    return LEVEL_RANK[viewer] >= LEVEL_RANK.get(level, LEVEL_RANK[ORGANISERS])


def is_own_profile(user, expert) -> bool:
    return bool(user is not None and user.is_authenticated and expert.user_id is not None
                and expert.user_id == user.id)


def can_manage_experts(user) -> bool:
    """Create, archive, merge, import; keep the taxonomy; see unlisted records."""
    return is_organiser(user)


def can_view_expert(user, expert) -> bool:
    if can_manage_experts(user):
        return True
    if is_own_profile(user, expert):
        return not expert.archived
    return expert.listed_publicly


def can_see_contact(user, expert, level: str) -> bool:
    """May `user` read a contact detail of `expert` whose visibility is `level`?"""
    if not can_view_expert(user, expert):
        return False
    return is_own_profile(user, expert) or level_allows(viewer_level(user), level)


def can_edit_expert(user, expert) -> bool:
    """Organisers and admins; the linked user for their own (not archived) profile."""
    if can_manage_experts(user):
        return True
    return is_own_profile(user, expert) and not expert.archived


def can_edit_record(user, expert) -> bool:
    """The fields only the secretariat keeps: Latin name, consent, account link."""
    return can_manage_experts(user)


def can_download_vcard(user, expert) -> bool:
    return bool(user is not None and user.is_authenticated and can_view_expert(user, expert))


def can_export_experts(user) -> bool:
    """Signed-in members download the directory; contact columns follow their level."""
    return bool(user is not None and user.is_authenticated)

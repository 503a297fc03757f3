"""signals.expert_profile_changed: sent once per real change of what the directory shows."""

from __future__ import annotations

from app import signals
from app.experts import merge, services
from app.extensions import db


def _record(calls):
    def receiver(expert, **kwargs):
        calls.append((expert.id, kwargs))

    return receiver


def test_profile_edit_archive_and_merge_send_the_signal(app, make_user, make_expert):
    organiser = make_user("organiser")
    keep, twin = make_expert("HAN Sora"), make_expert("Sora Han")
    calls = []
    receiver = _record(calls)
    signals.expert_profile_changed.connect(receiver)
    try:
        services.update_expert(keep, {"name": "HAN So-ra"}, actor=organiser)
        services.update_expert(keep, {"name": "HAN So-ra"}, actor=organiser)  # no change
        services.set_archived(keep, True, actor=organiser)
        merge.merge_experts(keep, twin, actor=organiser)
        db.session.commit()
    finally:
        signals.expert_profile_changed.disconnect(receiver)
    assert [(expert_id, sorted(kw)) for expert_id, kw in calls] == [
        (keep.id, ["fields"])] * 3
    assert calls[0][1]["fields"] == ["name"]
    assert calls[1][1]["fields"] == ["archived"]
    assert "merged" in calls[2][1]["fields"]

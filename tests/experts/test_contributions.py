"""Workshops appear on expert profiles: as resource person, or as trainer (linked account)."""

from app.experts.contributions import contributions_of
from app.experts.models import Expert
from app.extensions import db
from tests.workshops.factories import make_workshop


def test_resource_persons_and_trainers_are_listed(app, make_user):
    organiser, trainer = make_user("organiser"), make_user("trainer")
    expert = Expert(name="KIM Minji", country="KR")
    trainer_expert = Expert(name="Trainer Expert", country="TH", user_id=trainer.id)
    db.session.add_all([expert, trainer_expert])
    db.session.commit()
    shown = make_workshop(organiser, title="Remittances Workshop", expert_ids=[expert.id],
                          trainer_ids=[trainer.id])
    make_workshop(organiser, title="Hidden Draft", status="draft", expert_ids=[expert.id])
    with app.test_request_context():
        found = contributions_of(expert.id, None)
        as_trainer = contributions_of(trainer_expert.id, None)
        assert [(str(c.kind), c.title) for c in found] == [
            ("Resource person", "Remittances Workshop")]
        assert found[0].url == f"/workshops/{shown.id}"
        assert [(str(c.kind), c.title) for c in as_trainer] == [
            ("Trainer", "Remittances Workshop")]

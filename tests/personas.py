"""The cast of every test: the Muscat talks as the demo loads them, plus a
second, unrelated talks that nobody in Muscat may see.

Data is built by calling actions, never by writing models directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from wasit.accounts.actions import create_user
from wasit.caucus import actions as caucus
from wasit.caucus.models import Message, RelayMode, Room, RoomKind
from wasit.demo import muscat
from wasit.packages import actions as packages
from wasit.packages.models import Proposal
from wasit.policy import SYSTEM, viewer_for
from wasit.talks import actions
from wasit.talks.localized import LocalText
from wasit.talks.models import Membership, Party, Role, Round, RoundFormat, Talks

PASSWORD = "correct horse battery staple"

# Persona name -> user name in the demo cast.
ROLES = {
    "mediator": "om-lead",
    "co_mediator": "om-co",
    "us_head": "us-head",
    "us_member": "us-member",
    "us_observer": "us-observer",
    "ir_head": "ir-head",
    "ir_member": "ir-member",
    "ir_interpreter": "ir-interpreter",
    "ir_observer": "ir-observer",
    "outsider": "outsider",
    "operator": "operator",
}

# Strings that belong to one party alone; no other party may ever receive them.
CANARY = {
    "us": "CANARY-US-7f3a91",              # US seat titles and the US caucus message
    "ir": "CANARY-IR-c2e804",              # IR seat titles and IR's message relayed as a paraphrase
    "ir_withheld": "CANARY-IRW-90d1e2",    # an IR message the mediators withheld
    "withheld_reason": "CANARY-WHY-4b77",  # the mediators' reason for withholding it
    "mediators": "CANARY-MED-a81c",        # said in the mediators' own room
    "elsewhere": "CANARY-ELSEWHERE-51bd",  # another talks altogether
    "us_score": "CANARY-USS-3d5e7a",       # the note on the US's private scores
    "ir_score": "CANARY-IRS-6b2f19",       # the note on Iran's private scores
    "us_red_line": "CANARY-USL-2c9b40",    # a US red line (the US lets the mediators read them)
    "ir_red_line": "CANARY-IRL-5e0c3d",    # an Iranian red line Iran keeps from the mediators
    "us_sealed": "CANARY-USO-1e6b52",      # the note of a live sealed US offer (not even the mediators)
    "ir_sealed": "CANARY-IRO-8d4a07",      # the note of a live sealed Iranian offer (not even the mediators)
    "us_bid": "739104.625",                # the US's sealed blind bid (a figure: a bid is a number)
    "ir_bid": "513377.125",                # Iran's sealed blind bid
}
PARAPHRASE = "The other side is ready to discuss shipping lanes."


@dataclass
class Cast:
    talks: Talks
    other_talks: Talks
    rounds: list[Round]
    other_round: Round
    parties: dict[str, Party]
    users: dict[str, AbstractBaseUser]
    rooms: dict[str, Room]
    messages: dict[str, Message]
    # "shared": a package put before the parties; "draft": one still with the mediators.
    proposals: dict[str, Proposal]
    other_party: Party
    other_proposal: Proposal
    # Objects later capabilities add (`tests/cast_*.py`): name -> (the object in
    # the Muscat talks, its counterpart in the other talks), for URLs like {name}.
    extras: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def parties_by_id(self) -> dict[int, str]:
        return {p.pk: code for code, p in self.parties.items()}

    def user(self, persona: str) -> AbstractBaseUser:
        return self.users[persona]

    def seat_of(self, persona: str) -> Membership:
        return Membership.objects.get(talks=self.talks, user=self.users[persona])


def build_cast() -> Cast:
    talks = muscat.load(dict.fromkeys((p.username for p in muscat.PERSONAS), PASSWORD),
                        check_passwords=False)
    User = get_user_model()
    users = {name: User.objects.get(username=username) for name, username in ROLES.items()}
    parties = {p.code: p for p in talks.parties.all()}
    # Party-private canaries: each delegation's seat titles carry its party's canary.
    lead = viewer_for(users["mediator"])
    actions.seat_member(lead, talks, user_id=create_user(
        SYSTEM, username="us-counsel", password=PASSWORD, check_password=False).pk,
        role=Role.COUNSEL, party=parties["us"], title=CANARY["us"])
    actions.seat_member(lead, talks, user_id=create_user(
        SYSTEM, username="ir-expert", password=PASSWORD, check_password=False).pk,
        role=Role.EXPERT, party=parties["ir"], title=CANARY["ir"])

    # A second talks: only its own mediator sees it.
    other = actions.open_talks(SYSTEM, title=LocalText(en=f"Maritime boundary talks {CANARY['elsewhere']}"),
                               mediator_org=LocalText(en="Court mediation service"))
    other_lead = create_user(SYSTEM, username="other-lead", password=PASSWORD, check_password=False)
    actions.seat_member(SYSTEM, other, user_id=other_lead.pk, role=Role.LEAD_MEDIATOR)
    other_round = actions.schedule_round(
        viewer_for(other_lead), other, title=LocalText(en="Opening"), venue=LocalText(en="The Hague"),
        starts_on=dt.date(2024, 3, 1), ends_on=dt.date(2024, 3, 2), format=RoundFormat.DIRECT)
    rooms = {code: Room.objects.get(party=party) for code, party in parties.items()}
    rooms["mediators"] = Room.objects.get(talks=talks, kind=RoomKind.MEDIATORS)
    rooms["joint"] = caucus.open_joint_session(lead, talks, minutes=60)
    rooms["elsewhere"] = Room.objects.get(talks=other, kind=RoomKind.MEDIATORS)
    messages = {
        "us": caucus.post_message(viewer_for(users["us_head"]), rooms["us"],
                                  text=f"Our position on Red Sea shipping {CANARY['us']}"),
        "ir": caucus.post_message(viewer_for(users["ir_head"]), rooms["ir"], mediators_only=True,
                                  text=f"We could restrain partners if {CANARY['ir']}"),
        "ir_withheld": caucus.post_message(viewer_for(users["ir_member"]), rooms["ir"],
                                           text=f"An angry aside {CANARY['ir_withheld']}"),
        "mediators": caucus.post_message(lead, rooms["mediators"],
                                         text=f"Between us mediators {CANARY['mediators']}"),
        "elsewhere": caucus.post_message(viewer_for(other_lead), rooms["elsewhere"],
                                         text=f"Maritime note {CANARY['elsewhere']}"),
    }
    caucus.relay_message(lead, messages["ir"], into=[rooms["us"]], mode=RelayMode.PARAPHRASE,
                         text=PARAPHRASE)
    caucus.withhold_message(lead, messages["ir_withheld"],
                            reason=f"Would inflame things {CANARY['withheld_reason']}")
    # Each party's private scores carry its canary in a new version's note.
    for code, persona in (("us", "us_head"), ("ir", "ir_head")):
        weights, values, reservation = muscat.DEMO_SCORES[code]
        packages.save_scores(viewer_for(users[persona]), parties[code], weights=weights,
                             values=values, reservation=reservation,
                             note=f"Our bottom line {CANARY[f'{code}_score']}")
    domain = packages.current_domain(talks.pk)
    assert domain is not None  # noqa: S101 (the demo defines it)
    proposals = {"shared": packages.propose_package(lead, domain, package=[1, 1, 2, 2], label="nash"),
                 "draft": packages.propose_package(lead, domain, package=[2, 2, 3, 0])}
    packages.share_proposal(lead, proposals["shared"])
    # The other talks has a party and a proposal too, for its URLs.
    other_lead_viewer = viewer_for(other_lead)
    other_party = actions.add_party(other_lead_viewer, other, code="coast",
                                    name=LocalText(en="Coastal state"))
    other_domain = packages.define_domain(other_lead_viewer, other, issues=[
        {"title": {"en": "Boundary line"}, "options": [{"en": "Equidistance"}, {"en": "Thalweg"}]}])
    other_proposal = packages.propose_package(other_lead_viewer, other_domain, package=[0])
    cast = Cast(talks=talks, other_talks=other, rounds=list(talks.rounds.order_by("number")),
                other_round=other_round, parties=parties, users=users, rooms=rooms,
                messages=messages, proposals=proposals, other_party=other_party,
                other_proposal=other_proposal)
    from tests import (
        cast_agenda,
        cast_mail,
        cast_offers,
        cast_people,
        cast_positions,
        cast_rounds,
        cast_schedule,
        cast_setup,
        cast_texts,
    )

    for part in (cast_setup, cast_agenda, cast_people, cast_mail, cast_rounds, cast_positions, cast_schedule,
                 cast_texts, cast_offers):
        made = part.build(cast)
        assert not set(made) & set(cast.extras), part.__name__  # noqa: S101
        cast.extras.update(made)
    return cast


@dataclass(frozen=True)
class CastIds:
    """The primary keys of a cast committed once per test run; `load()` fetches
    fresh rows for each test, so one test's changes to its objects never reach
    another (every test rolls its database changes back)."""

    talks: int
    other_talks: int
    rounds: tuple[int, ...]
    other_round: int
    parties: tuple[tuple[str, int], ...]
    users: tuple[tuple[str, int], ...]
    rooms: tuple[tuple[str, int], ...]
    messages: tuple[tuple[str, int], ...]
    proposals: tuple[tuple[str, int], ...]
    other_party: int
    other_proposal: int
    # name -> (app label.model name, pk in Muscat, pk in the other talks)
    extras: tuple[tuple[str, str, int, int], ...] = ()

    @classmethod
    def of(cls, cast: Cast) -> CastIds:
        def pks(objects: dict[str, Any]) -> tuple[tuple[str, int], ...]:
            return tuple((name, obj.pk) for name, obj in objects.items())

        return cls(talks=cast.talks.pk, other_talks=cast.other_talks.pk,
                   rounds=tuple(r.pk for r in cast.rounds), other_round=cast.other_round.pk,
                   parties=pks(cast.parties), users=pks(cast.users), rooms=pks(cast.rooms),
                   messages=pks(cast.messages), proposals=pks(cast.proposals),
                   other_party=cast.other_party.pk, other_proposal=cast.other_proposal.pk,
                   extras=tuple((name, a._meta.label, a.pk, b.pk) for name, (a, b) in cast.extras.items()))

    def present(self) -> bool:
        """False once a transactional test has flushed the tables."""
        return Talks.objects.filter(pk=self.talks).exists()

    def load(self) -> Cast:
        User = get_user_model()

        def fetch(model: Any, pairs: tuple[tuple[str, int], ...]) -> dict[str, Any]:
            rows = model._default_manager.in_bulk([pk for _name, pk in pairs])
            return {name: rows[pk] for name, pk in pairs}

        rounds = Round.objects.in_bulk(list(self.rounds))
        return Cast(talks=Talks.objects.get(pk=self.talks),
                    other_talks=Talks.objects.get(pk=self.other_talks),
                    rounds=[rounds[pk] for pk in self.rounds],
                    other_round=Round.objects.get(pk=self.other_round),
                    parties=fetch(Party, self.parties), users=fetch(User, self.users),
                    rooms=fetch(Room, self.rooms), messages=fetch(Message, self.messages),
                    proposals=fetch(Proposal, self.proposals),
                    other_party=Party.objects.get(pk=self.other_party),
                    other_proposal=Proposal.objects.get(pk=self.other_proposal),
                    extras={name: (apps.get_model(label).objects.get(pk=a), apps.get_model(label).objects.get(pk=b))
                            for name, label, a, b in self.extras})

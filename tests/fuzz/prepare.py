"""Prepare a data folder for the fuzz run, in its own process.

Migrates, builds the test cast of `tests/personas.py` (canaries included),
issues one bearer token per persona and prints, as JSON, the tokens and the
ids the fuzzer aims at. Run with the deployment's environment:
`python -m tests.fuzz.prepare`.
"""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasit.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tests.personas import build_cast
    from wasit.accounts.actions import issue_token
    from wasit.agenda.models import AgendaIssue
    from wasit.invitations.models import Invitation
    from wasit.offers.models import BidContest, Move, OfferMatch, SealedOffer
    from wasit.policy import SYSTEM
    from wasit.positions.models import PositionVersion
    from wasit.talks.models import Membership
    from wasit.texts.models import NegotiatingText, TextVersion

    call_command("migrate", interactive=False, verbosity=0)
    cast = build_cast()
    tokens = {persona: issue_token(SYSTEM, user_id=user.pk, label=f"fuzz {persona}")
              for persona, user in cast.users.items()}
    ids = {
        "talks_id": [cast.talks.pk, cast.other_talks.pk],
        "round_id": [r.pk for r in cast.rounds] + [cast.other_round.pk],
        "room_id": [r.pk for r in cast.rooms.values()],
        "message_id": [m.pk for m in cast.messages.values()],
        "party_id": [p.pk for p in cast.parties.values()] + [cast.other_party.pk],
        "proposal_id": [p.pk for p in cast.proposals.values()] + [cast.other_proposal.pk],
        "issue_id": list(AgendaIssue.objects.values_list("pk", flat=True)),
        "invitation_id": list(Invitation.objects.values_list("pk", flat=True)),
        "seat_id": list(Membership.objects.values_list("pk", flat=True)),
        "position_id": list(PositionVersion.objects.values_list("pk", flat=True)),
        # The texts, and their versions' numbers (`number` in a path).
        "text_id": list(NegotiatingText.objects.values_list("pk", flat=True)),
        "number": sorted(set(TextVersion.objects.values_list("number", flat=True))),
        # Sealed offers and blind bids (`tests/cast_offers.py`), in both talks.
        "move_id": list(Move.objects.values_list("pk", flat=True)),
        "offer_id": list(SealedOffer.objects.values_list("pk", flat=True)),
        "match_id": list(OfferMatch.objects.values_list("pk", flat=True)),
        "contest_id": list(BidContest.objects.values_list("pk", flat=True)),
    }
    print(json.dumps({"tokens": tokens, "ids": ids}))


if __name__ == "__main__":
    main()

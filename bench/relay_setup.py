"""Set-up for bench/relay.py: one talks, a lead mediator, N parties with their caucus rooms.

Run as a subprocess with the same environment as the server under test:

    WASIT_DATA_DIR=... [DATABASE_URL=...] .venv/bin/python bench/relay_setup.py --rooms 16 > setup.json

Prints one JSON object: the talks id, the mediator's bearer token, and for every party its
caucus room id and the bearer token of its head of delegation. With ``--observers N`` also N
observers who never post, for the crowd phase: half seated in these talks in four parties of
their own (so none of the 16 rooms' messages is theirs to see), half in other talks with
their own mediator; each with its talks id and a bearer token. Everything goes through the
project's own actions (the same code paths as the web pages), never raw SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=16, help="parties (= caucus rooms)")
    parser.add_argument("--observers", type=int, default=0,
                        help="observers who only listen (crowd phase), half in other talks")
    args = parser.parse_args(argv)
    if not 2 <= args.rooms <= 200:
        parser.error("--rooms must be between 2 and 200")
    if not 0 <= args.observers <= 5000:
        parser.error("--observers must be between 0 and 5000")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasit.config.settings")
    import django

    django.setup()

    from wasit.accounts.actions import create_user, issue_token
    from wasit.caucus.queries import caucus_room_of
    from wasit.policy import SYSTEM, viewer_for
    from wasit.talks import actions as talks_actions
    from wasit.talks.localized import LocalText
    from wasit.talks.models import Role

    password = "bench-" + os.urandom(12).hex()
    talks = talks_actions.open_talks(
        SYSTEM, title=LocalText(en="Relay bench"), mediator_org=LocalText(en="Bench mediators")
    )
    tag = f"{talks.pk}"
    lead = create_user(SYSTEM, username=f"bench-lead-{tag}", password=password,
                       check_password=False)
    talks_actions.seat_member(SYSTEM, talks, user_id=lead.pk, role=Role.LEAD_MEDIATOR)
    lead_v = viewer_for(lead)
    parties = []
    for i in range(1, args.rooms + 1):
        code = f"p{i:02d}"
        party = talks_actions.add_party(lead_v, talks, code=code, name=LocalText(en=f"Party {i:02d}"))
        user = create_user(SYSTEM, username=f"bench-{tag}-{code}", password=password,
                           check_password=False)
        talks_actions.seat_member(lead_v, talks, user_id=user.pk, role=Role.HEAD, party=party)
        room = caucus_room_of(party)
        token = issue_token(SYSTEM, user_id=user.pk, label="bench")
        parties.append({"code": code, "party_id": party.pk, "user_id": user.pk,
                        "room_id": room.pk, "token": token})
    observers = []
    if args.observers:
        other = talks_actions.open_talks(
            SYSTEM, title=LocalText(en="Other talks"), mediator_org=LocalText(en="Other mediators"))
        other_lead = create_user(SYSTEM, username=f"bench-other-lead-{tag}", password=password,
                                 check_password=False)
        talks_actions.seat_member(SYSTEM, other, user_id=other_lead.pk, role=Role.LEAD_MEDIATOR)
        silent = {t.pk: [talks_actions.add_party(viewer_for(u), t, code=f"q{i}", name=LocalText(en=f"Quiet {i}"))
                         for i in range(1, 5)]
                  for t, u in ((talks, lead), (other, other_lead))}
        leads = {talks.pk: lead_v, other.pk: viewer_for(other_lead)}
        for i in range(args.observers):
            where = talks if i % 2 == 0 else other
            party = silent[where.pk][(i // 2) % 4]
            user = create_user(SYSTEM, username=f"bench-{tag}-obs{i:04d}", password=password,
                               check_password=False)
            talks_actions.seat_member(leads[where.pk], where, user_id=user.pk, role=Role.OBSERVER,
                                      party=party)
            observers.append({"talks_id": where.pk, "user_id": user.pk,
                              "token": issue_token(SYSTEM, user_id=user.pk, label="bench")})
    out = {
        "talks_id": talks.pk,
        "mediator": {"user_id": lead.pk, "token": issue_token(SYSTEM, user_id=lead.pk, label="bench")},
        "parties": parties,
        "observers": observers,
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

"""The access matrix of people (invitations, seats, accounts, tokens): entry points, cells and request bodies.

Merged into `matrix.py`'s tables; see there for the objects in URLs and
the cell values. Objects: {us_invitation} (pending, to the US delegation),
{seat} (the US counsel's), {suspended} (a suspended US seat); see
`tests/cast_people.py`.

Decisions written here:
- every member sees the people page (their own delegation and the mediator
  team; the mediators everyone); the pending invitations and the invite
  form are the mediators', and a head's while the talks let heads invite
  (not in Muscat: party members get 403 there);
- another party's invitation or seat is 404 (as missing), one's own
  delegation's seat 403 (known, not theirs to change); seat changes are the
  lead mediator's (the co-mediator gets 403);
- accounts are the operators' business: 404 to everyone else.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import get_user_model

from tests.access.cells import API, row
from tests.personas import Cast

SEAT_CELLS = {"m": 302, "mc": 403, "us": 403, "uso": 403, "ir": 404, "iri": 404, "iro": 404}
API_SEAT_CELLS = {**SEAT_CELLS, "m": 200, **API}

ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "people page": ("GET", "/talks/{talks}/people/", "invitations:people"),
    "invite form": ("POST", "/talks/{talks}/people/invite/", "invitations:invite"),
    "revoke invitation form": ("POST", "/people/invitations/{us_invitation}/revoke/", "invitations:revoke"),
    "resend invitation form": ("POST", "/people/invitations/{us_invitation}/resend/", "invitations:resend"),
    "seat role form": ("POST", "/people/seats/{seat}/role/", "invitations:seat_role"),
    "suspend seat form": ("POST", "/people/seats/{seat}/suspend/", "invitations:seat_suspend"),
    "reinstate seat form": ("POST", "/people/seats/{suspended}/reinstate/", "invitations:seat_reinstate"),
    "remove seat form": ("POST", "/people/seats/{seat}/remove/", "invitations:seat_remove"),
    "API invitations": ("GET", "/api/v1/talks/{talks}/invitations", "list_invitations"),
    "API invite": ("POST", "/api/v1/talks/{talks}/invitations", "create_invitation"),
    "API revoke invitation": ("POST", "/api/v1/invitations/{us_invitation}/revoke", "revoke_invitation"),
    "API resend invitation": ("POST", "/api/v1/invitations/{us_invitation}/resend", "resend_invitation"),
    "API seat role": ("POST", "/api/v1/seats/{seat}/role", "change_seat_role"),
    "API suspend seat": ("POST", "/api/v1/seats/{seat}/suspend", "suspend_seat"),
    "API reinstate seat": ("POST", "/api/v1/seats/{suspended}/reinstate", "reinstate_seat"),
    "API remove seat": ("POST", "/api/v1/seats/{seat}/remove", "remove_seat"),
    "tokens page": ("GET", "/accounts/tokens/", "accounts:tokens"),
    "issue token form": ("POST", "/accounts/tokens/new/", "accounts:issue_token"),
    "revoke token form": ("POST", "/accounts/tokens/revoke/", "accounts:revoke_token"),
    "API own tokens": ("GET", "/api/v1/tokens", "list_tokens"),
    "API issue token": ("POST", "/api/v1/tokens", "issue_token"),
    "API revoke token": ("POST", "/api/v1/tokens/revoke", "revoke_token"),
    "accounts page": ("GET", "/accounts/people/", "accounts:people"),
    "account active form": ("POST", "/accounts/people/active/", "accounts:account_active"),
    "account may open talks form": ("POST", "/accounts/people/open-talks/", "accounts:account_open_talks"),
    "API accounts": ("GET", "/api/v1/accounts", "list_accounts"),
    "API account active": ("POST", "/api/v1/accounts/active", "set_account_active"),
    "API may open talks": ("POST", "/api/v1/accounts/open-talks", "set_may_open_talks"),
}

BY_KIND: dict[str, dict[str, object]] = {
    "people page": row(m=200, party=200),
    "invite form": row(m=302, party=403),
    "revoke invitation form": row(m=302, party=404),
    "resend invitation form": row(m=302, party=404),
    "seat role form": row(**SEAT_CELLS),
    "suspend seat form": row(**SEAT_CELLS),
    "reinstate seat form": row(**SEAT_CELLS),
    "remove seat form": row(**SEAT_CELLS),
    "API invitations": row(m=200, party=403, **API),
    "API invite": row(m=201, party=403, **API),
    "API revoke invitation": row(m=200, party=404, **API),
    "API resend invitation": row(m=200, party=404, **API),
    "API seat role": row(**API_SEAT_CELLS),
    "API suspend seat": row(**API_SEAT_CELLS),
    "API reinstate seat": row(**API_SEAT_CELLS),
    "API remove seat": row(**API_SEAT_CELLS),
    "tokens page": row(m=200, party=200, out=200),
    "issue token form": row(m=200, party=200, out=200),
    "revoke token form": row(m=302, party=302, out=302),
    "API own tokens": row(m=200, party=200, out=200, **API),
    "API issue token": row(m=201, party=201, out=201, **API),
    "API revoke token": row(m=200, party=200, out=200, **API),
    "accounts page": row(m=404, party=404, op=200),
    "account active form": row(m=404, party=404, op=302),
    "account may open talks form": row(m=404, party=404, op=302),
    "API accounts": row(m=404, party=404, op=200, **API),
    "API account active": row(m=404, party=404, op=200, **API),
    "API may open talks": row(m=404, party=404, op=200, **API),
}


def _spare() -> int:
    return int(get_user_model().objects.get(username="people-spare").pk)


# Bodies of the entry points that change something (the matrix posts them).
BODIES: dict[str, Callable[[Cast], dict[str, object]]] = {
    "invite form": lambda c: {"email": "matrix@example.org", "role": "member",
                              "party": str(c.parties["us"].pk), "title": "", "language": "en"},
    "resend invitation form": lambda c: {"language": "ar"},
    "seat role form": lambda c: {"role": "expert"},
    "API invite": lambda c: {"email": "matrix@example.org", "role": "member",
                             "party_id": c.parties["us"].pk},
    "API resend invitation": lambda c: {"language": "fa"},
    "API seat role": lambda c: {"role": "expert"},
    "issue token form": lambda c: {"label": "matrix"},
    "revoke token form": lambda c: {"token": "people-spare"},
    "API issue token": lambda c: {"label": "matrix"},
    "API revoke token": lambda c: {"token": "people-spare"},
    "account active form": lambda c: {"user": str(_spare())},
    "account may open talks form": lambda c: {"user": str(_spare()), "value": "on"},
    "API account active": lambda c: {"user_id": _spare(), "active": False},
    "API may open talks": lambda c: {"user_id": _spare(), "may_open_talks": True},
}

# Routes that show nothing of any talks and need no row: the invitation link's
# page shows its talks only to the holder of a valid link (tests/invitations).
PUBLIC_URL_NAMES: set[str] = {"invitations:accept"}

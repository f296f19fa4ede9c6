"""The access matrix, written by hand.

Rows are personas, columns are entry points; each cell is what that persona
must get. It is never computed by asking the policy, or it could not fail.

Cell values:
  200      the page or JSON
  302      the change was made and the browser is sent on
  "login"  anonymous: sent to the log-in page
  401      anonymous API call
  403      may know the object exists, may not do this
  404      indistinguishable from a missing object
"""

from __future__ import annotations

PERSONAS = [
    "mediator", "co_mediator",
    "us_head", "us_member", "us_observer",
    "ir_head", "ir_member", "ir_interpreter", "ir_observer",
    "outsider", "operator", "anonymous",
]

# entry point -> (method, URL template, url name or API operation id)
ENTRY_POINTS: dict[str, tuple[str, str, str]] = {
    "talks list page": ("GET", "/", "talks:list"),
    "talks page": ("GET", "/talks/{talks}/", "talks:detail"),
    "round page": ("GET", "/rounds/{round}/", "talks:round"),
    "round status form": ("POST", "/rounds/{round}/status/", "talks:round_status"),
    "API talks list": ("GET", "/api/v1/talks", "list_talks"),
    "API talks": ("GET", "/api/v1/talks/{talks}", "get_talks"),
    "API seats": ("GET", "/api/v1/talks/{talks}/seats", "list_seats"),
    "API rounds": ("GET", "/api/v1/talks/{talks}/rounds", "list_rounds"),
    "API round": ("GET", "/api/v1/rounds/{round}", "get_round"),
    "API round status": ("POST", "/api/v1/rounds/{round}/status", "change_round_status"),
}

M, P, OUT, A = "mediator", "party", "outsider", "anonymous"

# What each kind of persona gets at each entry point, for the Muscat talks.
BY_KIND: dict[str, dict[str, object]] = {
    "talks list page":   {M: 200, P: 200, OUT: 200, A: "login"},
    "talks page":        {M: 200, P: 200, OUT: 404, A: "login"},
    "round page":        {M: 200, P: 200, OUT: 404, A: "login"},
    "round status form": {M: 302, P: 403, OUT: 404, A: "login"},
    "API talks list":    {M: 200, P: 200, OUT: 200, A: 401},
    "API talks":         {M: 200, P: 200, OUT: 404, A: 401},
    "API seats":         {M: 200, P: 200, OUT: 404, A: 401},
    "API rounds":        {M: 200, P: 200, OUT: 404, A: 401},
    "API round":         {M: 200, P: 200, OUT: 404, A: 401},
    "API round status":  {M: 200, P: 403, OUT: 404, A: 401},
}

KIND_OF = {
    "mediator": M, "co_mediator": M,
    "us_head": P, "us_member": P, "us_observer": P,
    "ir_head": P, "ir_member": P, "ir_interpreter": P, "ir_observer": P,
    # The operator runs the platform; what is said at the talks is not theirs.
    "outsider": OUT, "operator": OUT, "anonymous": A,
}

# Which delegations' seats each persona may list (the mediator team is known to all).
DELEGATIONS_SEEN = {
    "mediator": {"us", "ir"}, "co_mediator": {"us", "ir"},
    "us_head": {"us"}, "us_member": {"us"}, "us_observer": {"us"},
    "ir_head": {"ir"}, "ir_member": {"ir"}, "ir_interpreter": {"ir"}, "ir_observer": {"ir"},
}

# Routes that need no matrix row: they show nothing of any talks.
PUBLIC_URL_NAMES = {
    "accounts:login", "accounts:logout", "set_language", "health",
    "api:api-root", "api:openapi-json", "api:openapi-view",
}


def expected(persona: str, entry_point: str) -> object:
    return BY_KIND[entry_point][KIND_OF[persona]]

"""The policy's two faces agree: what `can(viewer, "view", obj)` allows is what `visible()` lists.

For every model the policy scopes and every persona of the Muscat cast (and
the other talks' lead, the anonymous viewer), object by object: a list and
a detail page can never disagree. Once as the demo loads the talks, once
with the parties' scores kept from the mediators.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Model

from tests.personas import Cast
from wasit import policy
from wasit.audit.models import Event
from wasit.packages import actions as packages
from wasit.policy import ANONYMOUS, Viewer, viewer_for
from wasit.policy.scopes import SCOPES

EXTRA_USERS = ("us-counsel", "ir-expert", "other-lead")


def _viewers(cast: Cast) -> dict[str, Viewer]:
    viewers = {persona: viewer_for(user) for persona, user in cast.users.items()}
    for username in EXTRA_USERS:
        viewers[username] = viewer_for(get_user_model().objects.get(username=username))
    viewers["anonymous"] = ANONYMOUS
    return viewers


def _disagreements(viewers: dict[str, Viewer], model: type[Model]) -> dict[str, tuple[set[int], set[int]]]:
    objects = list(model._default_manager.all())
    out = {}
    for name, viewer in viewers.items():
        one_by_one = {obj.pk for obj in objects if policy.can(viewer, "view", obj).allowed}
        listed = set(policy.visible(viewer, model).values_list("pk", flat=True))
        if one_by_one != listed:
            out[name] = (one_by_one - listed, listed - one_by_one)
    return out


def _keep_scores_from_the_mediators(cast: Cast) -> None:
    from wasit.demo import muscat

    domain = packages.current_domain(cast.talks.pk)
    assert domain is not None
    packages.set_scores_hidden(viewer_for(cast.user("mediator")), domain, hidden=True)
    weights, values, reservation = muscat.DEMO_SCORES["us"]
    packages.save_scores(viewer_for(cast.user("us_head")), cast.parties["us"], weights=weights,
                         values=values, reservation=reservation, note="kept from the mediators")


@pytest.mark.parametrize("scores_hidden", [False, True], ids=["as loaded", "scores kept from the mediators"])
@pytest.mark.parametrize("model", list(SCOPES), ids=lambda m: m.__name__)
def test_what_each_persona_may_view_one_by_one_is_what_its_lists_show(
    cast: Cast, model: type[Model], scores_hidden: bool
) -> None:
    if scores_hidden:
        _keep_scores_from_the_mediators(cast)
    assert model._default_manager.exists(), f"the cast holds some {model.__name__} to compare"
    assert _disagreements(_viewers(cast), model) == {}


def test_events_are_among_the_scoped_models() -> None:
    assert Event in SCOPES


def test_the_comparison_sees_a_difference_when_there_is_one(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """A list that leaks one row more than its rule allows is caught."""
    from django.db.models import Q

    from wasit.caucus.models import Room

    monkeypatch.setitem(SCOPES, Room, lambda viewer: Q(pk__isnull=False))
    found = _disagreements({"us_head": viewer_for(cast.user("us_head"))}, Room)
    assert found["us_head"][0] == set()
    assert cast.rooms["ir"].pk in found["us_head"][1]

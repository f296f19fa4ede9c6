"""Every read of domains, scores and proposals, scoped to a viewer by the policy.

The frontier is the one read that uses every party's scores: it returns only the
engine's outputs, and only to those the policy lets see them (the mediators).
"""

from __future__ import annotations

from dataclasses import dataclass

from wasit import policy
from wasit.packages.analysis import Analysis, analyse, describe, utility
from wasit.packages.models import NegotiationDomain, Proposal, ScoreVersion
from wasit.policy import NotFound, Viewer
from wasit.talks.models import Party, Talks


def current_domain(viewer: Viewer, talks: Talks) -> NegotiationDomain | None:
    return policy.visible(viewer, NegotiationDomain).filter(talks=talks).order_by("-id").first()


def require_domain(viewer: Viewer, talks: Talks) -> NegotiationDomain:
    domain = current_domain(viewer, talks)
    if domain is None:
        raise NotFound
    return domain


def get_party(viewer: Viewer, talks: Talks, party_id: object) -> Party:
    party = policy.get_visible(viewer, Party, party_id)
    if party.talks_id != talks.pk:
        raise NotFound
    return party


def own_party(viewer: Viewer, talks: Talks) -> Party | None:
    party_id = viewer.party_in(talks.pk)
    return policy.visible(viewer, Party).filter(pk=party_id).first() if party_id else None


def score_history(viewer: Viewer, party: Party, domain: NegotiationDomain | None) -> list[ScoreVersion]:
    """The party's score versions of the domain, newest first (the first is in force)."""
    policy.require(viewer, "view_scores", party)
    if domain is None:
        return []
    return list(policy.visible(viewer, ScoreVersion).filter(domain=domain, party=party)
                .select_related("created_by").order_by("-version"))


def proposals_of(viewer: Viewer, domain: NegotiationDomain) -> list[Proposal]:
    """Mediators: every drafted package; parties: those put before them."""
    return list(policy.visible(viewer, Proposal).filter(domain=domain).order_by("-id"))


def get_proposal(viewer: Viewer, proposal_id: object) -> Proposal:
    return policy.get_visible(viewer, Proposal, proposal_id)


@dataclass(frozen=True)
class OwnUtility:
    proposal: Proposal
    words: list[tuple[str, str]]
    utility: float | None


def own_utilities(viewer: Viewer, party: Party, domain: NegotiationDomain) -> list[OwnUtility]:
    """Each package before the parties, in words, with this party's utility alone."""
    history = score_history(viewer, party, domain)
    latest = history[0] if history else None
    return [OwnUtility(p, describe(domain.issues, p.package),
                       round(utility(latest.weights, latest.values, p.package), 4) if latest else None)
            for p in proposals_of(viewer, domain) if p.shared_at is not None]


@dataclass(frozen=True)
class Frontier:
    parties: list[Party]
    waiting_for: list[Party]
    analysis: Analysis | None
    current_proposal: Proposal | None
    # Every party's utility of each drafted package (engine outputs), by proposal id.
    proposal_utilities: dict[int, list[float]]


def frontier(viewer: Viewer, domain: NegotiationDomain, *, approximate: bool = False) -> Frontier:
    """The engine's outputs from every party's latest scores (mediators only).

    With ``approximate``, the engine's approximate frontier within the same budget, labelled
    (see :func:`wasit.packages.analysis.analyse`).

    The scores are read here whatever the talks' settings: when they are hidden from
    the mediators, only the frontier, the solutions and the utilities leave this function.
    """
    policy.require(viewer, "view_frontier", domain)
    parties = list(Party.objects.filter(talks_id=domain.talks_id).order_by("id"))
    latest: dict[int, ScoreVersion] = {}
    for score in ScoreVersion.objects.filter(domain=domain).order_by("party_id", "version"):
        latest[score.party_id] = score
    waiting = [p for p in parties if p.pk not in latest]
    proposal = Proposal.objects.filter(domain=domain).order_by("-id").first()
    if waiting or len(parties) < 2:
        return Frontier(parties, waiting, None, proposal, {})
    profiles = [(latest[p.pk].weights, latest[p.pk].values, latest[p.pk].reservation) for p in parties]
    analysis = analyse(domain.issues, [p.name for p in parties], profiles,
                       proposal.package if proposal else None, approximate=approximate)
    utilities = {
        pr.pk: [round(utility(w, v, pr.package), 4) for w, v, _r in profiles]
        for pr in Proposal.objects.filter(domain=domain)
    }
    return Frontier(parties, waiting, analysis, proposal, utilities)

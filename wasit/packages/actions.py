"""Every change to negotiation domains, scores and proposed packages passes through here.

Each action checks the policy, writes the rows and records the event in one
transaction; views, the API and the command line only call these.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wasit import audit, policy
from wasit.caucus import actions as caucus
from wasit.caucus.models import Room, RoomKind
from wasit.caucus.text import clean_text
from wasit.engine import EngineError, Preferences, parse_domain
from wasit.packages import events
from wasit.packages.analysis import describe, engine_domain, local
from wasit.packages.models import DomainSource, NegotiationDomain, Proposal, ScoreVersion
from wasit.policy import ActionRefused, Viewer
from wasit.talks.localized import content_languages
from wasit.talks.models import Party, Talks
from wasit.talks.queries import tabling_refused

MAX_ISSUES = 20
MAX_OPTIONS = 20
MAX_TITLE = 200
MAX_NOTE = 2000
#: A Genius domain file is a few kilobytes; anything much larger is refused unread.
MAX_UPLOAD_BYTES = 200_000

#: What a proposal's label means, for people.
LABELS = {
    "nash": gettext_lazy("Nash bargaining solution"),
    "kalai_smorodinsky": gettext_lazy("Kalai–Smorodinsky solution"),
    "egalitarian": gettext_lazy("Egalitarian solution"),
    "max_total": gettext_lazy("Maximum total utility"),
    "custom": gettext_lazy("Package chosen by the mediators"),
}

Title = dict[str, str]


def current_domain(talks_id: int) -> NegotiationDomain | None:
    """The talks' domain in force (the latest defined), whoever asks; for actions only."""
    return NegotiationDomain.objects.filter(talks_id=talks_id).order_by("-id").first()


def _title(raw: object, field: str) -> Title:
    """A title in up to three languages, at least one given, cleaned."""
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, Mapping):
        raise ActionRefused(_("A title is a text, or a text per language."), field=field)
    title = {}
    for lang in content_languages():
        text = raw.get(lang, "")
        text = clean_text(text, field=field, limit=MAX_TITLE, required=False).strip()
        if text:
            title[lang] = text
    if set(raw) - set(content_languages()):
        raise ActionRefused(_("Titles are given in English, Arabic or Persian."), field=field)
    if not title:
        raise ActionRefused(_("Give a title in at least one language."), field=field)
    return title


def _no_duplicates(titles: list[Title], message: str, field: str) -> None:
    for lang in content_languages():
        texts = [t[lang].casefold() for t in titles if lang in t]
        if len(set(texts)) != len(texts):
            raise ActionRefused(message, field=field)


def clean_issues(raw: object) -> list[dict[str, object]]:
    """Check the issues and their options; return them in the stored shape."""
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        raise ActionRefused(_("Give at least one issue with its options."), field="issues")
    if len(raw) > MAX_ISSUES:
        raise ActionRefused(_("A domain has at most %(limit)d issues.") % {"limit": MAX_ISSUES},
                            field="issues")
    issues: list[dict[str, object]] = []
    for issue in raw:
        if not isinstance(issue, Mapping):
            raise ActionRefused(_("Each issue has a title and options."), field="issues")
        title = _title(issue.get("title"), "issues")
        options_raw = issue.get("options")
        if not isinstance(options_raw, Sequence) or isinstance(options_raw, str) or len(options_raw) < 2:
            raise ActionRefused(_("The issue “%(issue)s” needs at least two options.")
                                % {"issue": local(title)}, field="issues")
        if len(options_raw) > MAX_OPTIONS:
            raise ActionRefused(_("An issue has at most %(limit)d options.") % {"limit": MAX_OPTIONS},
                                field="issues")
        options = [_title(o, "issues") for o in options_raw]
        _no_duplicates(options, _("The issue “%(issue)s” lists the same option twice.")
                       % {"issue": local(title)}, "issues")
        issues.append({"title": title, "options": options})
    _no_duplicates([i["title"] for i in issues],  # type: ignore[misc]
                   _("Two issues have the same title."), "issues")
    return issues


def _create_domain(actor: Viewer, talks: Talks, *, issues: list[dict[str, object]], name: str,
                   source: DomainSource) -> NegotiationDomain:
    engine_domain(issues)  # the engine accepts it too
    previous = current_domain(talks.pk)
    domain = NegotiationDomain.objects.create(
        talks=talks, name=name, source=source, issues=issues,
        scores_hidden_from_mediators=previous.scores_hidden_from_mediators if previous else False,
        created_by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.DomainDefined(
        talks_id=talks.pk, domain_id=domain.pk, source=str(source),
        issues=[local(i["title"]) for i in issues],  # type: ignore[arg-type]
        option_counts=[len(i["options"]) for i in issues]),  # type: ignore[arg-type]
        actor_id=actor.user_id)
    return domain


@transaction.atomic
def define_domain(actor: Viewer, talks: Talks, *, issues: object, name: str = "") -> NegotiationDomain:
    """Put issues and their options on the table. Mediators only.

    A new definition replaces the talks' current domain; the parties score it afresh
    (their scores of the previous one stay on record). Who may read the scores carries over.
    """
    policy.require(actor, "define_domain", talks)
    name = clean_text(name, field="name", limit=MAX_TITLE, required=False).strip()
    return _create_domain(actor, talks, issues=clean_issues(issues), name=name,
                          source=DomainSource.AGENDA)


@transaction.atomic
def import_genius_domain(actor: Viewer, talks: Talks, *, data: bytes, filename: str = "domain.xml"
                         ) -> NegotiationDomain:
    """Import the issues and options of a Genius domain file (safe parser, size-limited)."""
    policy.require(actor, "define_domain", talks)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ActionRefused(_("The file is too large: at most %(limit)d bytes.")
                            % {"limit": MAX_UPLOAD_BYTES}, field="file")
    source = (filename or "domain.xml")[-100:]
    try:
        parsed = parse_domain(data, source=source)
    except EngineError as error:
        raise ActionRefused(_("This is not a Genius domain Wasit can read: %(error)s")
                            % {"error": error}, field="file") from None
    raw = [{"title": {"en": issue.name}, "options": [{"en": o} for o in issue.options]}
           for issue in parsed.issues]
    issues = clean_issues(raw)
    name = clean_text(parsed.name, field="file", limit=MAX_TITLE, required=False).strip()
    return _create_domain(actor, talks, issues=issues, name=name, source=DomainSource.GENIUS)


@transaction.atomic
def set_scores_hidden(actor: Viewer, domain: NegotiationDomain, *, hidden: bool) -> NegotiationDomain:
    """Bar the mediators from the parties' scores (only the engine's outputs reach them), or not."""
    policy.require(actor, "manage", domain)
    audit.lock_chain()  # serialise with other writers, then read the state afresh
    domain.refresh_from_db()
    if current_domain(domain.talks_id) != domain:
        raise ActionRefused(_("This domain has been replaced; change the current one."))
    domain.scores_hidden_from_mediators = bool(hidden)
    domain.save(update_fields=["scores_hidden_from_mediators"])
    audit.record(events.DomainSettingsChanged(talks_id=domain.talks_id, domain_id=domain.pk,
                                              scores_hidden_from_mediators=domain.scores_hidden_from_mediators),
                 actor_id=actor.user_id)
    return domain


def _unit(value: object, field: str, what: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ActionRefused(_("%(what)s must be a number.") % {"what": what}, field=field) from None
    if not math.isfinite(number) or not 0.0 <= number <= 1.0:
        raise ActionRefused(_("%(what)s must lie between 0 and 1.") % {"what": what}, field=field)
    return number


@transaction.atomic
def save_scores(
    actor: Viewer,
    party: Party,
    *,
    weights: Sequence[object],
    values: Sequence[Sequence[object]],
    reservation: object,
    note: str = "",
    domain_id: int | None = None,
) -> ScoreVersion:
    """Save a new version of a party's private scores of the current domain.

    Weights and values lie in [0, 1]. Weights that do not sum to one are divided by
    their sum (the version records that it was normalised, and what was entered).
    """
    policy.require(actor, "score", party)
    # Under the chain lock the domain in force and the last version number are
    # read afresh: two delegates saving at once get consecutive versions.
    audit.lock_chain()
    domain = current_domain(party.talks_id)
    if domain is None:
        raise ActionRefused(_("The mediators have not defined the negotiation domain yet."))
    if domain_id is not None and domain_id != domain.pk:
        raise ActionRefused(_("The mediators changed the issues while you were scoring; "
                              "check the new ones and save again."), field="domain")
    issues: list[dict[str, object]] = domain.issues
    if not isinstance(weights, Sequence) or len(weights) != len(issues):
        raise ActionRefused(_("Give one weight per issue."), field="weights")
    if not isinstance(values, Sequence) or len(values) != len(issues):
        raise ActionRefused(_("Give values for the options of every issue."), field="values")
    raw_weights = []
    clean_values = []
    for i, issue in enumerate(issues):
        title = local(issue["title"])  # type: ignore[arg-type]
        raw_weights.append(_unit(weights[i], f"w-{i}", _("The weight of “%(issue)s”") % {"issue": title}))
        row = values[i]
        options: list[Title] = issue["options"]  # type: ignore[assignment]
        if not isinstance(row, Sequence) or len(row) != len(options):
            raise ActionRefused(_("Give a value for every option of “%(issue)s”.") % {"issue": title},
                                field="values")
        clean_values.append([
            _unit(v, f"v-{i}-{j}", _("The value of “%(option)s”") % {"option": local(options[j])})
            for j, v in enumerate(row)])
    reservation_value = _unit(reservation, "reservation", _("The reservation value"))
    if math.fsum(raw_weights) <= 0:
        raise ActionRefused(_("At least one issue must matter: every weight is 0."), field="w-0")
    note = clean_text(note, field="note", limit=MAX_NOTE, required=False).strip()
    try:
        preferences = Preferences.with_normalised_weights(
            party=party.code, weights=raw_weights, values=clean_values, reservation=reservation_value)
    except EngineError as error:  # pragma: no cover - checked above in the user's words
        raise ActionRefused(str(error)) from None
    normalised = not math.isclose(math.fsum(raw_weights), 1.0, abs_tol=1e-9)
    assert actor.user_id is not None  # noqa: S101 (scoring requires a seat)
    last = (ScoreVersion.objects.filter(domain=domain, party=party).order_by("-version")
            .values_list("version", flat=True).first())
    score = ScoreVersion.objects.create(
        domain=domain, party=party, version=(last or 0) + 1, raw_weights=raw_weights,
        weights=list(preferences.weights), values=clean_values, reservation=reservation_value,
        normalised=normalised, note=note, created_by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.ScoresSaved(
        talks_id=party.talks_id, domain_id=domain.pk, party_id=party.pk, version=score.version,
        normalised=normalised, hidden_from_mediators=domain.scores_hidden_from_mediators),
        actor_id=actor.user_id)
    return score


def package_text(domain: NegotiationDomain, package: Sequence[int], label: str) -> str:
    """The package in words, as posted in the mediators' room (the active language)."""
    lines = [_("Package proposed for relay (%(label)s):") % {"label": LABELS.get(label, label)}]
    lines += [f"- {issue}: {option}" for issue, option in describe(domain.issues, package)]
    return "\n".join(lines)


@transaction.atomic
def propose_package(actor: Viewer, domain: NegotiationDomain, *, package: Sequence[object],
                    label: str = "custom") -> Proposal:
    """Draft a package for relay: it is posted in the mediators' room, ready for the board."""
    policy.require(actor, "propose", domain)
    audit.lock_chain()
    if current_domain(domain.talks_id) != domain:
        raise ActionRefused(_("This domain has been replaced; propose from the current one."))
    if label not in LABELS:
        raise ActionRefused(_("Unknown kind of proposal."), field="label")
    try:
        checked = list(engine_domain(domain.issues).check_package([int(o) for o in package]))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise ActionRefused(_("Choose one option for every issue."), field="package") from None
    room = Room.objects.filter(talks_id=domain.talks_id, kind=RoomKind.MEDIATORS).first()
    if room is None:  # pragma: no cover - every talks opens with the mediators' room
        raise ActionRefused(_("The mediators' room is missing."))
    message = caucus.post_message(actor, room, text=package_text(domain, checked, label))
    assert actor.user_id is not None  # noqa: S101
    proposal = Proposal.objects.create(domain=domain, package=checked, label=label, message=message,
                                       created_by_id=actor.user_id, created_at=timezone.now())
    audit.record(events.ProposalDrafted(talks_id=domain.talks_id, proposal_id=proposal.pk,
                                        domain_id=domain.pk, package=checked, label=label),
                 actor_id=actor.user_id)
    return proposal


@transaction.atomic
def share_proposal(actor: Viewer, proposal: Proposal) -> Proposal:
    """Put a drafted package before the parties: each then sees its own utility of it."""
    policy.require(actor, "share", proposal)
    # Lock, then read whether it is shared already: of two at once, one shares.
    audit.lock_chain()
    proposal.shared_at = Proposal.objects.values_list("shared_at", flat=True).get(pk=proposal.pk)
    if proposal.shared_at is not None:
        raise ActionRefused(_("This package is already before the parties."))
    now = timezone.now()
    # Sharing is tabling: in a listening-only round the parties state their views and no proposal is tabled.
    refusal = tabling_refused(proposal.domain.talks_id, now)
    if refusal is not None:
        raise ActionRefused(refusal)
    proposal.shared_at = now
    proposal.save(update_fields=["shared_at"])
    audit.record(events.ProposalShared(talks_id=proposal.domain.talks_id, proposal_id=proposal.pk,
                                       domain_id=proposal.domain_id, package=proposal.package),
                 actor_id=actor.user_id)
    return proposal

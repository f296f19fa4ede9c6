"""Every change to a negotiating text, its shares, stances and sign-offs passes through here.

Each action checks the policy, validates, takes the log's lock before it
reads what it builds on (two mediators saving at once never both build on
the same version: the second is told of the conflict), writes and records
one event, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wasit import audit, policy
from wasit.policy import ActionRefused, Viewer
from wasit.positions.actions import StaleVersion
from wasit.positions.text import clean_local
from wasit.talks.models import Party, Talks
from wasit.texts import events
from wasit.texts.clauses import Clause, check_clause_list, clean_clause, version_digest
from wasit.texts.models import (
    NegotiatingText,
    SignOff,
    Stance,
    StanceKind,
    TextKind,
    TextVersion,
    VersionShare,
)
from wasit.texts.queries import is_agreed, shared_party_ids

MAX_TITLE = 300


def _title(raw: object) -> dict[str, str]:
    title = clean_local(raw, field="title")
    if not title:
        raise ActionRefused(_("Give the text a title in at least one language."), field="title")
    if any(len(v) > MAX_TITLE for v in title.values()):
        raise ActionRefused(_("At most %(limit)d characters, please.") % {"limit": MAX_TITLE}, field="title")
    return title


def _parties(talks: Talks, party_ids: Iterable[int] | None) -> list[Party]:
    parties = list(Party.objects.filter(talks=talks).order_by("pk"))
    if party_ids is None:
        return parties
    wanted = set(party_ids)
    chosen = [p for p in parties if p.pk in wanted]
    if len(chosen) != len(wanted):
        raise ActionRefused(_("Choose parties of these talks."), field="party_ids")
    if not chosen:
        raise ActionRefused(_("Choose at least one party."), field="party_ids")
    return chosen


def _clauses(raw: Sequence[Mapping[str, Any]], *, known: Mapping[str, Clause], talks: Talks) -> list[Clause]:
    if isinstance(raw, str | bytes) or not isinstance(raw, Sequence):
        raise ActionRefused(_("Give the clauses as a list."), field="clauses")
    out = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise ActionRefused(_("Give each clause as an object with a number and a body."), field="clauses")
        key = str(item.get("key") or "")
        if key and key not in known:
            raise ActionRefused(_("A clause refers to a clause this text does not have; reload the page."),
                                field="clauses")
        clause = clean_clause(item, key=key or None)
        if clause["proposed_by"] is not None and not Party.objects.filter(
                pk=clause["proposed_by"], talks=talks).exists():
            raise ActionRefused(_("Choose parties of these talks."), field="proposed_by")
        out.append(clause)
    check_clause_list(out)
    return out


def _check_base(base_version: int | None, current: int) -> None:
    if base_version == current:
        return
    raise StaleVersion(
        _("Another mediator saved version %(current)d of this text while you were editing version "
          "%(base)s. Nothing was saved: read the new version and make your change again.")
        % {"current": current, "base": base_version if base_version is not None else "—"}, current=current)


def _language(talks: Talks, language: str) -> str:
    if language not in talks.content_languages:
        raise ActionRefused(_("Choose one of the talks' languages: %(languages)s.")
                            % {"languages": ", ".join(talks.content_languages)}, field="authoritative_language")
    return language


@transaction.atomic
def create_text(actor: Viewer, talks: Talks, *, title: Mapping[str, str], authoritative_language: str,
                clauses: Sequence[Mapping[str, Any]], kind: str = TextKind.FRAMEWORK,
                note: Mapping[str, str] | None = None, party_ids: Iterable[int] | None = None,
                non_paper: bool = False, share_open_count: bool = False) -> NegotiatingText:
    """Start a text with its first version (mediators only). `party_ids` default to every party."""
    policy.require(actor, "draft_text", talks)
    if kind not in TextKind.values:
        raise ActionRefused(_("Choose framework, agreed minute or working paper."), field="kind")
    clean_title = _title(title)
    language = _language(talks, authoritative_language)
    parties = _parties(talks, party_ids)
    clean_clauses = _clauses(clauses, known={}, talks=talks)
    clean_note = clean_local(note, field="note")
    assert actor.user_id is not None  # noqa: S101 (drafting requires a seat)
    audit.lock_chain()
    now = timezone.now()
    text = NegotiatingText.objects.create(
        talks=talks, kind=kind, title=clean_title, authoritative_language=language,
        non_paper=bool(non_paper), share_open_count=bool(share_open_count), created_by_id=actor.user_id,
        created_at=now)
    text.parties.set(parties)
    version = TextVersion.objects.create(
        text=text, number=1, clauses=clean_clauses, note=clean_note, created_by_id=actor.user_id,
        created_at=now, digest=version_digest(text_id=text.pk, number=1, authoritative_language=language,
                                              title=clean_title, clauses=clean_clauses))
    audit.record(events.TextCreated(talks_id=talks.pk, text_id=text.pk, version=version.number,
                                    party_ids=[p.pk for p in parties]), actor_id=actor.user_id)
    return text


def _changed(old: Sequence[Clause], new: Sequence[Clause]) -> list[str]:
    before = {c["key"]: c for c in old}
    after = {c["key"]: c for c in new}
    fields = ("number", "heading", "body", "alternatives", "proposed_by")
    changed = [c["number"] for c in new
               if c["key"] not in before or any(before[c["key"]][f] != c[f] for f in fields)]
    changed += [c["number"] for c in old if c["key"] not in after]
    if [c["key"] for c in old if c["key"] in after] != [c["key"] for c in new if c["key"] in before]:
        changed += [c["number"] for c in new if c["key"] in before and c["number"] not in changed]
    return changed


@transaction.atomic
def save_version(actor: Viewer, text: NegotiatingText, *, base_version: int | None,
                 clauses: Sequence[Mapping[str, Any]], note: Mapping[str, str] | None = None,
                 title: Mapping[str, str] | None = None) -> TextVersion:
    """Save the text's next version: the whole clause list, each clause naming its `key` if it had one.

    `base_version` is the number the editor started from: if another version
    was saved meanwhile, `StaleVersion` is raised and nothing changes. A save
    that changes nothing records nothing and returns the version in force.
    """
    policy.require(actor, "edit", text)
    clean_clauses_input = clauses
    clean_note = clean_local(note, field="note")
    audit.lock_chain()  # the version in force is read, and the next one written, under the lock
    text.refresh_from_db(fields=["signed_version", "title"])
    if text.is_signed:
        raise ActionRefused(_("This text was signed: it is frozen."))
    latest = text.versions.order_by("-number").first()
    assert latest is not None  # noqa: S101 (a text is created with its first version)
    _check_base(base_version, latest.number)
    new_title = _title(title) if title is not None else dict(text.title)
    new_clauses = _clauses(clean_clauses_input, known={c["key"]: c for c in latest.clauses}, talks=text.talks)
    changed = _changed(latest.clauses, new_clauses)
    if not changed and new_title == dict(text.title):
        return latest
    assert actor.user_id is not None  # noqa: S101
    number = latest.number + 1
    if new_title != dict(text.title):
        text.title = new_title
        text.save(update_fields=["title"])
    version = TextVersion.objects.create(
        text=text, number=number, clauses=new_clauses, note=clean_note, created_by_id=actor.user_id,
        created_at=timezone.now(), digest=version_digest(
            text_id=text.pk, number=number, authoritative_language=text.authoritative_language,
            title=new_title, clauses=new_clauses))
    audit.record(events.TextVersionSaved(talks_id=text.talks_id, text_id=text.pk, version=number,
                                         digest=version.digest, changed=changed), actor_id=actor.user_id)
    return version


def edit_clause(actor: Viewer, text: NegotiatingText, *, base_version: int, key: str | None,
                clause: Mapping[str, Any], note: Mapping[str, str] | None = None,
                remove: bool = False) -> TextVersion:
    """Save a version that changes one clause (`key`), adds one (`key` None, at the end) or removes one."""
    base = text.versions.filter(number=base_version).first()
    if base is None:
        raise ActionRefused(_("There is no such version of this text; reload the page."), field="base_version")
    current: list[dict[str, Any]] = [dict(c) for c in base.clauses]
    if key is None:
        current.append({**clause, "key": ""})
    else:
        index = next((i for i, c in enumerate(current) if c["key"] == key), None)
        if index is None:
            raise ActionRefused(_("This text has no such clause; reload the page."), field="clause")
        if remove:
            del current[index]
        else:
            current[index] = {**current[index], **clause, "key": key}
    return save_version(actor, text, base_version=base_version, clauses=current, note=note)


@transaction.atomic
def change_settings(actor: Viewer, text: NegotiatingText, *, non_paper: bool,
                    share_open_count: bool) -> NegotiatingText:
    """Mark the text a non-paper (no attribution shown), and whether parties see the count of open clauses."""
    policy.require(actor, "edit", text)
    audit.lock_chain()
    text.refresh_from_db(fields=["non_paper", "share_open_count"])
    if (text.non_paper, text.share_open_count) == (bool(non_paper), bool(share_open_count)):
        return text
    text.non_paper, text.share_open_count = bool(non_paper), bool(share_open_count)
    text.save(update_fields=["non_paper", "share_open_count"])
    audit.record(events.TextSettingsChanged(
        talks_id=text.talks_id, text_id=text.pk, non_paper=text.non_paper,
        share_open_count=text.share_open_count, party_ids=shared_party_ids(text)), actor_id=actor.user_id)
    return text


@transaction.atomic
def share_version(actor: Viewer, version: TextVersion, *, party_ids: Iterable[int]) -> list[VersionShare]:
    """Show a version to some or all of the text's parties. Sharing again with a party records nothing."""
    policy.require(actor, "share", version)
    text = version.text
    wanted = set(party_ids)
    concerned = set(text.parties.values_list("pk", flat=True))
    if not wanted:
        raise ActionRefused(_("Choose at least one party."), field="party_ids")
    if not wanted <= concerned:
        raise ActionRefused(_("Choose parties of this text."), field="party_ids")
    audit.lock_chain()
    # A party moves forward only: it is never shown an older version than one it has.
    ahead = sorted(VersionShare.objects.filter(version__text=text, version__number__gt=version.number,
                                               party_id__in=wanted).values_list("party__pk", flat=True))
    if ahead:
        raise ActionRefused(_("A later version was already shared with %(parties)s: share that one, or a newer.")
                            % {"parties": ", ".join(str(p.name) for p in Party.objects.filter(pk__in=ahead))},
                            field="party_ids")
    already = set(VersionShare.objects.filter(version=version).values_list("party_id", flat=True))
    new = sorted(wanted - already)
    if not new:
        return list(VersionShare.objects.filter(version=version, party_id__in=wanted))
    assert actor.user_id is not None  # noqa: S101
    now = timezone.now()
    shares = [VersionShare.objects.create(version=version, party_id=p, shared_by_id=actor.user_id, shared_at=now)
              for p in new]
    audit.record(events.TextVersionShared(talks_id=text.talks_id, text_id=text.pk, version=version.number,
                                          party_ids=new), actor_id=actor.user_id)
    return shares


def _stance_entry(raw: object) -> tuple[str, dict[str, str], dict[str, str]]:
    if isinstance(raw, str):
        raw = {"stance": raw}
    if not isinstance(raw, Mapping):
        raise ActionRefused(_("Give each stance as accept, reject or reserve."), field="stances")
    stance = str(raw.get("stance") or "")
    if stance not in StanceKind.values:
        raise ActionRefused(_("Choose accept, reject or reserve."), field="stance")
    comment = clean_local(raw.get("comment"), field="comment")
    proposed = clean_local(raw.get("proposed"), field="proposed")
    return stance, comment, proposed


@transaction.atomic
def mark_stances(actor: Viewer, version: TextVersion, *, stances: Mapping[str, object]) -> list[Stance]:
    """Mark the party's stance on clauses of a shared version: `{clause key: {stance, comment, proposed}}`.

    Only the clauses named change; a clause marked as it already was records nothing.
    When this makes every party accept every clause, the text is agreed (one more event).
    """
    policy.require(actor, "mark_stance", version)
    seat = actor.seat(version.text.talks_id)
    assert seat is not None and seat.party_id is not None and actor.user_id is not None  # noqa: S101
    party_id = seat.party_id
    keys = {c["key"] for c in version.clauses}
    if not stances:
        raise ActionRefused(_("Mark at least one clause."), field="stances")
    unknown = [k for k in stances if k not in keys]
    if unknown:
        raise ActionRefused(_("This version has no such clause; reload the page."), field="stances")
    entries = {k: _stance_entry(v) for k, v in stances.items()}
    audit.lock_chain()
    text = version.text
    text.refresh_from_db(fields=["signed_version"])
    if text.is_signed:
        raise ActionRefused(_("This text was signed: it is frozen."))
    if SignOff.objects.filter(version=version, party_id=party_id).exists():
        raise ActionRefused(_("Your head of delegation signed this version off: its stances are final."))
    was_agreed = is_agreed(version)
    existing = {s.clause_key: s for s in Stance.objects.filter(version=version, party_id=party_id)}
    now = timezone.now()
    changed: list[Stance] = []
    for key, (stance, comment, proposed) in entries.items():
        row = existing.get(key)
        if row is not None and (row.stance, dict(row.comment), dict(row.proposed)) == (stance, comment, proposed):
            continue
        if row is None:
            row = Stance(version=version, party_id=party_id, clause_key=key)
        row.stance, row.comment, row.proposed = stance, comment, proposed
        row.marked_by_id, row.marked_at = actor.user_id, now
        row.save()
        changed.append(row)
    if not changed:
        return []
    counts = {kind: sum(1 for s in changed if s.stance == kind) for kind in StanceKind.values}
    audit.record(events.StancesMarked(talks_id=text.talks_id, text_id=text.pk, version=version.number,
                                      party_id=party_id, clause_keys=[s.clause_key for s in changed],
                                      counts=counts), actor_id=actor.user_id)
    if not was_agreed and is_agreed(version):
        audit.record(events.TextAgreed(talks_id=text.talks_id, text_id=text.pk, version=version.number,
                                       digest=version.digest, party_ids=shared_party_ids(text)),
                     actor_id=actor.user_id)
    return changed


def _confirm_identity(user_id: int, *, password: str, code: str) -> None:
    from wasit.accounts.actions import check_second_factor
    from wasit.accounts.models import TOTPDevice

    user = get_user_model().objects.get(pk=user_id)
    if not password or not user.check_password(password):
        raise ActionRefused(_("That password is not right. Nothing was signed."), field="password")
    if TOTPDevice.objects.filter(user_id=user_id).exists() and not check_second_factor(user_id=user_id,
                                                                                        code=code or ""):
        raise ActionRefused(_("That code is not right. Check the time on your phone and try again."),
                            field="code")


@transaction.atomic
def sign_off(actor: Viewer, version: TextVersion, *, password: str, code: str = "") -> SignOff:
    """The party's head confirms the agreed version (password, and TOTP where set up).

    The last party's sign-off freezes the text on this version; its digest goes into the log.
    """
    policy.require(actor, "sign_off", version)
    seat = actor.seat(version.text.talks_id)
    assert seat is not None and seat.party_id is not None and actor.user_id is not None  # noqa: S101
    _confirm_identity(actor.user_id, password=password, code=code)
    audit.lock_chain()
    text = version.text
    text.refresh_from_db(fields=["signed_version"])
    if text.is_signed:
        raise ActionRefused(_("This text was signed: it is frozen."))
    if not is_agreed(version):
        raise ActionRefused(_("Not every party accepts every clause of this version yet: nothing to sign."))
    if SignOff.objects.filter(version=version, party_id=seat.party_id).exists():
        raise ActionRefused(_("Your party already signed this version off."))
    now = timezone.now()
    sign = SignOff.objects.create(version=version, party_id=seat.party_id, signed_by_id=actor.user_id,
                                  signed_at=now, digest=version.digest)
    parties = shared_party_ids(text)
    audit.record(events.TextSignedOff(talks_id=text.talks_id, text_id=text.pk, version=version.number,
                                      party_id=seat.party_id, digest=version.digest, party_ids=parties),
                 actor_id=actor.user_id)
    concerned = set(text.parties.values_list("pk", flat=True))
    if set(SignOff.objects.filter(version=version).values_list("party_id", flat=True)) >= concerned:
        text.signed_version, text.signed_at = version, now
        text.save(update_fields=["signed_version", "signed_at"])
        audit.record(events.TextSigned(talks_id=text.talks_id, text_id=text.pk, version=version.number,
                                       digest=version.digest, party_ids=parties), actor_id=actor.user_id)
    return sign

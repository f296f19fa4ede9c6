"""Rules of the single negotiating text: the mediators hold it, each party sees what was shared with it.

Merged into `rules.RULES` and `rules.GLOBAL_RULES` at the end of `rules.py`;
this module must not import `rules.py`.

Who may do what, in short:

- The mediators (lead and co-mediators) start texts, save versions, share
  them, choose whether a text is a non-paper and whether the parties see
  the count of open clauses; they read every draft, stance and comment, and
  the board.
- A party knows a text exists only once a version of it was shared with the
  party (404 before); it reads only the versions shared with it, never the
  drafts in between, never another party's stances or comments.
- The party's negotiators (head, members, counsel, experts) mark stances on
  the latest version shared with their party; interpreters, note-takers and
  observers read it.
- When every party accepts every clause of one version, each party's head
  signs it off; the last sign-off freezes the text.
- Suspended or concluded talks are read-only for the parties (`party_read_only`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wasit.policy.decision import Decision, allow, deny
from wasit.policy.rules_base import GlobalRule, Rule
from wasit.policy.rules_positions import POSITION_EDITORS
from wasit.policy.rules_setup import party_read_only
from wasit.policy.viewer import Viewer
from wasit.talks.models import Talks
from wasit.texts.models import NegotiatingText, SignOff, Stance, TextVersion, VersionShare

FROZEN = _("This text was signed: it is frozen.")

# The delegation roles that mark a party's stances: those who write its positions.
STANCE_MARKERS = POSITION_EDITORS


def text_shared_with(text_id: int, party_id: int) -> bool:
    return VersionShare.objects.filter(version__text_id=text_id, party_id=party_id).exists()


def version_shared_with(version_id: int, party_id: int) -> bool:
    return VersionShare.objects.filter(version_id=version_id, party_id=party_id).exists()


def latest_shared_number(text_id: int, party_id: int) -> int | None:
    """The highest version number shared with the party: the one it marks (older ones are superseded)."""
    return (VersionShare.objects.filter(version__text_id=text_id, party_id=party_id)
            .order_by("-version__number").values_list("version__number", flat=True).first())


def view_texts(viewer: Viewer, talks: Talks) -> Decision:
    if viewer.seat(talks.pk) is None:
        return deny("holds no seat at the talks", visible=False)
    return allow("each member sees the texts shared with it; the mediators every text")


def draft_text(viewer: Viewer, talks: Talks) -> Decision:
    seat = viewer.seat(talks.pk)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators hold the text")
    return deny("only the mediators draft the single text; a party proposes language with its stance")


def view_text(viewer: Viewer, text: NegotiatingText) -> Decision:
    seat = viewer.seat(text.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators hold the text")
    if seat.party_id is not None and text_shared_with(text.pk, seat.party_id):
        return allow("a version was shared with the party")
    return deny("no version of this text was shared with the party", visible=False)


def edit_text(viewer: Viewer, text: NegotiatingText) -> Decision:
    seen = view_text(viewer, text)
    if not seen:
        return seen
    seat = viewer.seat(text.talks_id)
    assert seat is not None  # noqa: S101 (view_text allowed)
    if not seat.is_mediator:
        return deny("only the mediators edit the single text; a party proposes language with its stance",
                    message=_("Only the mediators edit the text; propose language with your stance."))
    if text.is_signed:
        return deny("the text was signed: it is frozen", message=FROZEN)
    return allow("the mediators hold the text")


def view_board(viewer: Viewer, text: NegotiatingText) -> Decision:
    seen = view_text(viewer, text)
    if not seen:
        return seen
    seat = viewer.seat(text.talks_id)
    assert seat is not None  # noqa: S101
    if seat.is_mediator:
        return allow("the mediators' board")
    return deny("the board of every party's stances is the mediators'")


def view_version(viewer: Viewer, version: TextVersion) -> Decision:
    seat = viewer.seat(version.text.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators read every draft")
    if seat.party_id is not None and version_shared_with(version.pk, seat.party_id):
        return allow("shared with the party")
    return deny("this version was not shared with the party", visible=False)


def share_version(viewer: Viewer, version: TextVersion) -> Decision:
    seen = view_version(viewer, version)
    if not seen:
        return seen
    if not viewer.is_mediator_in(version.text.talks_id):
        return deny("only the mediators share the text")
    return allow("the mediators share the text")


def mark_stance(viewer: Viewer, version: TextVersion) -> Decision:
    seen = view_version(viewer, version)
    if not seen:
        return seen
    text = version.text
    seat = viewer.seat(text.talks_id)
    assert seat is not None  # noqa: S101
    if seat.is_mediator:
        return deny("the parties mark their stances; the mediators read them")
    assert seat.party_id is not None  # noqa: S101 (a party seat: the version was shared with it)
    read_only = party_read_only(seat, seat.talks.status)
    if read_only is not None:
        return read_only
    if text.is_signed:
        return deny("the text was signed: it is frozen", message=FROZEN)
    if not text.parties.filter(pk=seat.party_id).exists():  # pragma: no cover - shares go to the text's parties
        return deny("the party is not one of this text's parties")
    if latest_shared_number(text.pk, seat.party_id) != version.number:
        return deny("a later version was shared with the party: mark that one",
                    message=_("A later version of this text was shared with your party: mark your stances on it."))
    if seat.role in STANCE_MARKERS:
        return allow("the party's negotiators mark its stances")
    return deny("note-takers, interpreters and observers read the text, they do not mark stances",
                message=_("Your role reads the text; the negotiators mark the party's stances."))


def view_stance(viewer: Viewer, stance: Stance) -> Decision:
    seat = viewer.seat(stance.version.text.talks_id)
    if seat is None:
        return deny("holds no seat at the talks", visible=False)
    if seat.is_mediator:
        return allow("the mediators read every stance")
    if seat.party_id == stance.party_id:
        return allow("own party's stance")
    return deny("another party's stance", visible=False)


def sign_off(viewer: Viewer, version: TextVersion) -> Decision:
    seen = view_version(viewer, version)
    if not seen:
        return seen
    seat = viewer.seat(version.text.talks_id)
    assert seat is not None  # noqa: S101
    if seat.is_mediator:
        return deny("each party's head signs the text off; the mediators do not sign for a party")
    read_only = party_read_only(seat, seat.talks.status)
    if read_only is not None:
        return read_only
    if seat.role != "head":
        return deny("only the head of delegation signs the text off for the party",
                    message=_("Only the head of delegation signs the text off for the party."))
    return allow("the head of delegation signs for the party")


def export_version(viewer: Viewer, version: TextVersion) -> Decision:
    return view_version(viewer, version)


def view_sign_off(viewer: Viewer, sign: SignOff) -> Decision:
    return view_version(viewer, sign.version)


RULES: dict[tuple[str, type], Rule] = {
    ("view_texts", Talks): view_texts,
    ("draft_text", Talks): draft_text,
    ("view", NegotiatingText): view_text,
    ("edit", NegotiatingText): edit_text,
    ("view_board", NegotiatingText): view_board,
    ("view", TextVersion): view_version,
    ("share", TextVersion): share_version,
    ("mark_stance", TextVersion): mark_stance,
    ("sign_off", TextVersion): sign_off,
    ("export", TextVersion): export_version,
    ("view", Stance): view_stance,
    ("view", SignOff): view_sign_off,
}

GLOBAL_RULES: dict[str, GlobalRule] = {}

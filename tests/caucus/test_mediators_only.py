"""A message for the mediators only never reaches the other side in its own
words: not verbatim, and not as a "paraphrase" that is the original or nearly,
on any door."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.personas import Cast
from wasit.audit.models import Event
from wasit.caucus import actions
from wasit.caucus.models import Message, Relay, RelayMode
from wasit.caucus.text import near_copy_ratio
from wasit.policy import ActionRefused
from wasit.policy.viewer import viewer_for

ARABIC = "نستطيع أن نكبح حلفاءنا إذا رُفعت العقوبات عن 3 مصارف خلال شهرين."
PERSIAN = "ما می‌توانیم متحدان خود را مهار کنیم اگر تحریم ۳ بانک در دو ماه برداشته شود."

NEAR_COPIES = {
    "en": ("We could restrain partners if sanctions on 3 banks are lifted within two months.", [
        "We could restrain partners if sanctions on 3 banks are lifted within two months.",
        "we could  RESTRAIN partners, if sanctions on three banks are lifted within two months",
        "We could restrain partners if sanctions on 5 banks are lifted within 2 months!",
        "We\u200b could restrain partners if sanctions on 3 banks are lifted within two months.",
        "They say: we could restrain partners if sanctions on 3 banks are lifted within two months.",
    ]),
    # Harakat removed and added, tatweel, a different digit, a zero-width non-joiner.
    "ar": (ARABIC, [
        "نستطيع ان نكبح حلفاءنا اذا رفعت العقوبات عن ٣ مصارف خلال شهرين",
        "نَستطيعُ أن نكـــبح حلفاءنا إذا رُفِعت العقوبات عن 4 مصارف خلال شهرين.",
        "نستطيع أن نكبح\u200c حلفاءنا إذا رفعت العقوبات عن مصارف خلال شهرين",
    ]),
    # Arabic letter forms for Persian ones (ي/ی, ك/ک), Latin digits, no ZWNJ.
    "fa": (PERSIAN, [
        "ما مي توانيم متحدان خود را مهار كنيم اگر تحريم 3 بانك در دو ماه برداشته شود",
        "ما می‌توانیم متحدان خود را مهار کنیم، اگر تحریم ۵ بانک در دو ماه برداشته شود!",
    ]),
}


def _secret(cast: Cast, text: str) -> Message:
    return actions.post_message(viewer_for(cast.users["ir_head"]), cast.rooms["ir"], text=text,
                                mediators_only=True)


@pytest.mark.parametrize(("language", "variant"), [
    (language, i) for language, (_original, copies) in NEAR_COPIES.items() for i in range(len(copies))])
def test_a_near_copy_of_a_mediators_only_message_is_refused_and_changes_nothing(
        cast: Cast, language: str, variant: int) -> None:
    original, copies = NEAR_COPIES[language]
    message = _secret(cast, original)
    events, relays = Event.objects.count(), Relay.objects.count()
    for mode in (RelayMode.PARAPHRASE, RelayMode.SUMMARY):
        with pytest.raises(ActionRefused) as refused:
            actions.relay_message(viewer_for(cast.users["mediator"]), message, into=[cast.rooms["us"]],
                                  mode=mode, text=copies[variant])
        assert refused.value.field == "text"
    assert (Event.objects.count(), Relay.objects.count()) == (events, relays)


@pytest.mark.parametrize(("original", "paraphrase"), [
    (NEAR_COPIES["en"][0], "Iran signals flexibility on its partners, tied to relief for some banks."),
    (ARABIC, "يبدي الطرف الآخر مرونة بشأن حلفائه مقابل تخفيف عن بعض المصارف."),
    (PERSIAN, "طرف مقابل در برابر گشایش برای چند بانک، درباره متحدانش انعطاف نشان می‌دهد."),
])
def test_a_real_paraphrase_is_relayed(cast: Cast, original: str, paraphrase: str) -> None:
    message = _secret(cast, original)
    [relay] = actions.relay_message(viewer_for(cast.users["mediator"]), message, into=[cast.rooms["us"]],
                                    mode=RelayMode.PARAPHRASE, text=paraphrase)
    assert relay.text == paraphrase
    assert near_copy_ratio(paraphrase, original) < 0.8


def test_the_api_refuses_a_paraphrase_that_is_the_original(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    message = _secret(cast, ARABIC)
    relays = Relay.objects.count()
    response = client_for("mediator").post(
        f"/api/v1/messages/{message.pk}/relay", content_type="application/json",
        data=json.dumps({"into": [cast.rooms["us"].pk], "mode": "paraphrase", "text": ARABIC}))
    assert response.status_code == 400
    assert response.json()["field"] == "text"
    assert Relay.objects.count() == relays


def test_the_board_never_prefills_the_words_of_a_mediators_only_message(
        cast: Cast, client_for: Callable[[str | None], Client]) -> None:
    secret = _secret(cast, ARABIC)
    open_message = actions.post_message(viewer_for(cast.users["ir_head"]), cast.rooms["ir"],
                                        text="A message the mediators may carry as it is.")
    page = client_for("mediator").get(f"/talks/{cast.talks.pk}/board/").content.decode()
    assert f'name="m{secret.pk}-text"' in page  # the form is there, empty
    assert ARABIC not in page.split(f'name="m{secret.pk}-text"', 1)[1].split("</textarea>", 1)[0]
    assert open_message.text in page.split(f'name="m{open_message.pk}-text"', 1)[1].split("</textarea>", 1)[0]

"""The browser keeps the latest signed head it saw and checks every new one against it.

`wasit/web/static/wasit/record.js` keeps the head in localStorage per talks
and verifies the server's RFC 9162 consistency proof in JavaScript
(SubtleCrypto); a head that does not extend the kept one puts up a
role="alert" banner and is reported to the mediators.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection

from tests.browser.test_positions import _context
from tests.personas import Cast
from wasit.audit import heads, receipts, signing
from wasit.audit.models import Event

pytestmark = pytest.mark.django_db(transaction=True)

KEPT = "wasit.record.head.{talks}"


def _talks_page(browser: Any, base: str, cast: Cast, persona: str) -> Any:
    page = _context(browser, base, cast, persona).new_page()
    page.goto(f"{base}/talks/{cast.talks.pk}/")
    page.wait_for_selector("html[data-record='ok']")
    return page


def test_the_browser_checks_consistency_proofs_itself_and_rejects_a_changed_one(
    live_server: Any, browser: Any, cast: Cast
) -> None:
    receipts.forget()
    page = _talks_page(browser, live_server.url, cast, "us_head")
    head = heads.latest_head()
    assert head is not None
    tree = receipts.log_tree()
    cases = [{"m": m, "old": tree.root(m).hex(), "proof": tree.consistency(m, head.size)}
             for m in range(1, head.size + 1)]
    verdicts = page.evaluate("""async ([cases, size, root]) => {
        const r = window.wasitRecord, out = [];
        for (const c of cases) {
          const proof = c.proof.map(r.bytes);
          const good = await r.verifyConsistency(c.m, size, r.bytes(c.old), r.bytes(root), proof);
          let bad = false;
          if (proof.length) {
            const changed = proof.map((p) => p.slice());
            changed[changed.length - 1][0] ^= 1;
            bad = await r.verifyConsistency(c.m, size, r.bytes(c.old), r.bytes(root), changed);
          }
          out.push([c.m, good, bad]);
        }
        return out;
    }""", [cases, head.size, head.root])
    assert all(good for _m, good, _bad in verdicts), [v for v in verdicts if not v[1]]
    assert not any(bad for _m, _good, bad in verdicts), [v for v in verdicts if v[2]]
    kept = page.evaluate(f"localStorage.getItem('{KEPT.format(talks=cast.talks.pk)}')")
    assert json.loads(kept) == head.to_dict(), "the browser keeps the newest head it checked"
    assert page.locator("a[download]", has_text="Download your receipt").count() == 1


def test_a_kept_head_the_log_does_not_extend_puts_up_the_alarm_and_tells_the_mediators(
    live_server: Any, browser: Any, cast: Cast
) -> None:
    receipts.forget()
    page = _talks_page(browser, live_server.url, cast, "us_head")
    assert page.locator("[role=alert]#record-alarm").count() == 0
    # A head the server's own key signed over another history: a fork this browser was shown.
    head = heads.latest_head()
    assert head is not None
    keys = signing.signing_keys()
    root = "cd" * 32
    forked = heads.SignedHead(head.log, head.size, root, keys.primary, head.signed_at, keys.sign(
        heads.statement(log=head.log, size=head.size, root=root, key_id=keys.primary, signed_at=head.signed_at)))
    page.evaluate("([key, head]) => localStorage.setItem(key, JSON.stringify(head))",
                  [KEPT.format(talks=cast.talks.pk), forked.to_dict()])
    page.reload()
    page.wait_for_selector("html[data-record='forked']")
    banner = page.locator("[role=alert]#record-alarm")
    assert banner.is_visible() and "rewritten" in banner.inner_text()
    page.wait_for_selector("html[data-record-reported='yes']")
    assert Event.objects.filter(kind="record.fork_reported", talks=cast.talks).count() == 1


def test_a_log_rolled_back_and_written_on_is_caught_by_the_head_the_browser_kept(
    live_server: Any, browser: Any, cast: Cast
) -> None:
    from wasit.caucus import actions as caucus
    from wasit.policy import viewer_for

    receipts.forget()
    page = _talks_page(browser, live_server.url, cast, "ir_head")
    size = Event.objects.count()
    with connection.cursor() as cur:  # restored from a backup two events old
        cur.execute("DELETE FROM audit_event WHERE id > %s", [size - 2])
        cur.execute("DELETE FROM audit_head WHERE size > %s", [size - 2])
    for text in ("A first point", "A second point", "A third point"):
        caucus.post_message(viewer_for(cast.user("ir_head")), cast.rooms["ir"], text=text)
    assert Event.objects.count() > size, "the new head is longer than the kept one"
    page.reload()
    page.wait_for_selector("html[data-record='forked']")
    assert page.locator("[role=alert]#record-alarm").is_visible()
    page.wait_for_selector("html[data-record-reported='yes']")
    reported = Event.objects.get(kind="record.fork_reported")
    assert (reported.payload["held_size"], reported.payload["held_in_log"]) == (size, False)

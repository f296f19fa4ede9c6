// The record as this browser saw it. The latest signed head of the log is kept per talks
// (localStorage); every head the server serves since must extend it, which is checked here
// with the server's RFC 9162 consistency proof (§2.1.4.2, SHA-256 by SubtleCrypto): a
// server that rewrote, rolled back or forked the history since cannot produce one. A head
// that does not extend the kept one is shown loudly (role="alert"), kept as evidence (the
// browser goes on holding the old head) and reported to the mediators. Checked on load and
// after each event of the live stream (live.js sets data-last-event-id on <html>).
// The head's Ed25519 signature is checked by the server when a fork is reported.
(() => {
  const anchor = document.querySelector("[data-record-talks], [data-live-talks]");
  if (!anchor || !window.crypto || !crypto.subtle || !window.localStorage) return;
  const talks = anchor.dataset.recordTalks || anchor.dataset.liveTalks;
  const KEPT = `wasit.record.head.${talks}`;
  const REPORTED = `wasit.record.reported.${talks}`;
  const base = `/api/v1/talks/${talks}/log`;
  const csrf = (() => {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]; }
    catch (e) { return ""; }
  })();

  const bytes = (hex) => Uint8Array.from(String(hex).match(/../g) || [], (x) => parseInt(x, 16));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const odd = (n) => n % 2 === 1;
  const half = (n) => Math.floor(n / 2); // sizes may pass 2^31: no bitwise shifts
  async function node(left, right) {
    const data = new Uint8Array(1 + left.length + right.length);
    data[0] = 1;
    data.set(left, 1);
    data.set(right, 1 + left.length);
    return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  }

  // RFC 9162 §2.1.4.2: does the tree of `second` leaves (root secondRoot) extend the tree of
  // `first` leaves (root firstRoot)? `path` is the consistency proof, a list of byte arrays.
  async function verifyConsistency(first, second, firstRoot, secondRoot, path) {
    if (first === second) return path.length === 0 && same(firstRoot, secondRoot);
    if (!(first > 0 && first < second) || path.length === 0) return false;
    if (Number.isInteger(Math.log2(first))) path = [firstRoot, ...path]; // a power of two
    let fn = first - 1;
    let sn = second - 1;
    while (odd(fn)) { fn = half(fn); sn = half(sn); }
    let fr = path[0];
    let sr = path[0];
    for (const c of path.slice(1)) {
      if (sn === 0) return false;
      if (odd(fn) || fn === sn) {
        fr = await node(c, fr);
        sr = await node(c, sr);
        if (!odd(fn)) while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else {
        sr = await node(sr, c);
      }
      fn = half(fn); sn = half(sn);
    }
    return sn === 0 && same(fr, firstRoot) && same(sr, secondRoot);
  }
  window.wasitRecord = { verifyConsistency, bytes };

  const load = () => { try { return JSON.parse(localStorage.getItem(KEPT) || "null"); } catch (e) { return null; } };
  const keep = (head) => localStorage.setItem(KEPT, JSON.stringify(head));

  async function report(held, served, problem) {
    const pair = `${held.size}:${held.root}>${served.size}:${served.root}`;
    if (localStorage.getItem(REPORTED) === pair) return;
    try {
      const response = await fetch(`${base}/fork-reports`, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ held, served, problem }),
      });
      if (response.status === 201) {
        localStorage.setItem(REPORTED, pair);
        document.documentElement.dataset.recordReported = "yes";
      }
    } catch (e) { /* the banner stays; the next check reports again */ }
  }

  function alarm(held, served, problem) {
    document.documentElement.dataset.record = "forked";
    let banner = document.getElementById("record-alarm");
    if (!banner) {
      banner = document.createElement("div");
      banner.id = "record-alarm";
      banner.className = "card flash-error";
      banner.setAttribute("role", "alert");
      (document.querySelector("main") || document.body).prepend(banner);
    }
    banner.textContent = `${anchor.dataset.recordAlarm || "Warning: the record of these talks was rewritten. "
      + "The history this browser saw is not part of the history the server shows now; the mediators are told."}`
      + ` (${problem})`;
    report(held, served, problem);
  }

  async function fetchHead(from) {
    const response = await fetch(`${base}/consistency?from=${from}`, { credentials: "same-origin" });
    if (!response.ok) return { status: response.status };
    return { status: 200, answer: await response.json() };
  }

  let running = false;
  let again = false;
  async function check() {
    if (running) { again = true; return; }
    running = true;
    try {
      const held = load();
      const from = held && Number.isInteger(held.size) ? held.size : 0;
      let { status, answer } = await fetchHead(from);
      if (status === 400 && from > 0) {
        // The kept head is beyond the newest one: the log was cut back or restored from a backup.
        ({ status, answer } = await fetchHead(0));
        if (status === 200) alarm(held, answer.head, `${held.size} events seen here, ${answer.head.size} served now`);
        return;
      }
      if (status !== 200) return;
      const served = answer.head;
      if (!held) { keep(served); document.documentElement.dataset.record = "ok"; return; }
      let problem = "";
      if (served.log !== held.log) problem = "the server shows another log";
      else if (answer.from !== held.size || answer.to !== served.size) problem = "the proof is for other sizes";
      else if (!(await verifyConsistency(held.size, served.size, bytes(held.root), bytes(served.root),
                                         answer.proof.map(bytes)))) {
        problem = `the ${served.size} events served now do not extend the ${held.size} seen here`;
      }
      if (problem) { alarm(held, served, problem); return; }
      keep(served);
      document.documentElement.dataset.record = "ok";
    } catch (e) {
      /* the server is away: check again with the next event */
    } finally {
      running = false;
      if (again) { again = false; check(); }
    }
  }

  // At most one check a second however busy the stream: the newest head covers every event before it.
  let timer = null;
  new MutationObserver(() => {
    if (!timer) timer = setTimeout(() => { timer = null; check(); }, 1000);
  }).observe(document.documentElement, { attributes: true, attributeFilter: ["data-last-event-id"] });
  check();
})();

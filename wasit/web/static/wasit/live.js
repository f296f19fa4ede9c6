// Live pages: one EventSource per page, resumed by the browser with
// Last-Event-ID after a drop. Events only say *that* something changed in a
// room; the page fetches the new items as server-rendered HTML, so every
// byte shown was escaped and filtered by the server's policy.
//
// Items are fetched by event id, oldest first, a page at a time, until the
// server says none remain (`X-Wasit-More: 0`): a page asleep for hours
// catches up with no gap and no duplicate. What a recipient's page has
// rendered it acknowledges (`POST /api/v1/rooms/<id>/receipts`), batched, at
// most one request per room every half second: only that makes a relay
// "delivered" for the mediators.
(() => {
  const anchor = document.querySelector("[data-live-talks]");
  if (!anchor || !window.EventSource) return;
  const talks = anchor.dataset.liveTalks;
  const csrf = (() => {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]; }
    catch (e) { return ""; }
  })();
  const ACK_DELAY = 500;
  const ACK_BATCH = 500;
  const columns = new Map();
  document.querySelectorAll("[data-live-room]").forEach((el) => columns.set(el.dataset.liveRoom, el));
  const busy = new Map();
  const receipts = new Map(); // timeline element -> { ids: Set, timer }
  let lastEventId = Number(anchor.dataset.lastEventId || "0");

  function markRead() {
    const url = anchor.dataset.readUrl;
    if (!url || document.visibilityState !== "visible") return;
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf } });
  }

  async function flushReceipts(el) {
    const state = receipts.get(el);
    state.timer = null;
    const ids = [...state.ids].slice(0, ACK_BATCH);
    if (!ids.length) return;
    ids.forEach((id) => state.ids.delete(id));
    let sent = false;
    try {
      const response = await fetch(el.dataset.receiptsUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify({ relay_ids: ids }),
      });
      sent = response.ok || (response.status >= 400 && response.status < 500);
    } catch (e) { sent = false; }
    if (!sent) ids.forEach((id) => state.ids.add(id)); // try again with the next batch
    else markRead();
    if (state.ids.size && !state.timer) state.timer = setTimeout(() => flushReceipts(el), ACK_DELAY);
  }

  function acknowledge(el, items) {
    if (!el.dataset.receiptsUrl) return; // a mediator's view acknowledges nothing
    const ids = items.map((item) => Number(item.dataset.relayId)).filter((id) => id > 0);
    if (!ids.length) return;
    if (!receipts.has(el)) receipts.set(el, { ids: new Set(), timer: null });
    const state = receipts.get(el);
    ids.forEach((id) => state.ids.add(id));
    if (!state.timer) state.timer = setTimeout(() => flushReceipts(el), ACK_DELAY);
  }

  async function refreshRoom(roomId) {
    const el = columns.get(String(roomId));
    if (!el) return;
    if (busy.get(el)) { busy.set(el, "again"); return; }
    let more = false;
    let failed = false;
    try {
      do {
        busy.set(el, true);
        const after = el.dataset.lastEventId || "0";
        const response = await fetch(`${el.dataset.itemsUrl}?after=${after}`, { credentials: "same-origin" });
        if (!response.ok) { failed = response.status >= 500; break; }
        const html = await response.text();
        const template = document.createElement("template");
        template.innerHTML = html;
        const added = [];
        template.content.querySelectorAll("[data-event-id]").forEach((item) => {
          if (Number(item.dataset.eventId) <= Number(el.dataset.lastEventId || "0")) return;
          if (!el.querySelector(`[data-event-id="${item.dataset.eventId}"]`)) {
            el.appendChild(item);
            if (item.dataset.relayId) added.push(item);
          }
          el.dataset.lastEventId = item.dataset.eventId;
        });
        const last = Number(response.headers.get("X-Wasit-Last-Event-Id") || "0");
        if (last > Number(el.dataset.lastEventId || "0")) el.dataset.lastEventId = String(last);
        more = response.headers.get("X-Wasit-More") === "1";
        acknowledge(el, added);
        el.lastElementChild?.scrollIntoView({ block: "nearest" });
      } while (more || busy.get(el) === "again");
    } catch (e) {
      failed = true;
    } finally {
      busy.set(el, false);
      el.dataset.caughtUp = failed || more ? "no" : "yes";
    }
    if (failed) setTimeout(() => refreshRoom(roomId), 1000);
  }

  const refreshAll = () => columns.forEach((_el, roomId) => refreshRoom(roomId));

  // A part's item someone is working on (a field changed, or the focus in it) is kept as it
  // is: an event about another message must not wipe a paraphrase half written.
  const edited = (item) => item.contains(document.activeElement)
    || Array.from(item.querySelectorAll("input, textarea, select")).some((field) => {
      if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
      if (field.tagName === "SELECT") return Array.from(field.options).some((o) => o.selected !== o.defaultSelected);
      return field.value !== field.defaultValue;
    });

  async function refreshPart(el) {
    const response = await fetch(el.dataset.liveRefresh, { credentials: "same-origin" });
    if (!response.ok) return;
    const template = document.createElement("template");
    template.innerHTML = await response.text();
    Array.from(template.content.children).forEach((fresh) => {
      const current = fresh.id && document.getElementById(fresh.id);
      if (current && current.parentElement === el && edited(current)) fresh.replaceWith(current);
    });
    el.replaceChildren(template.content);
  }

  const onEvent = (event) => {
    const data = JSON.parse(event.data);
    const roomId = data.payload && data.payload.room_id;
    if (roomId !== undefined) refreshRoom(roomId);
    document.querySelectorAll("[data-live-refresh]").forEach(refreshPart);
    lastEventId = Math.max(lastEventId, Number(data.id) || 0);
    document.documentElement.dataset.lastEventId = String(lastEventId);
  };
  const KINDS = ["message.posted", "message.relayed", "translation.added", "message.withheld",
                 "relay.recorded", "room.opened", "room.closed",
                 // A page may name more kinds it refreshes on (the text board: `texts.*`).
                 ...(anchor.dataset.liveKinds || "").split(/\s+/).filter(Boolean)];

  // Asked of the talks' API, which changes nothing (a room page would mark relays read).
  async function stillAllowed() {
    try {
      const response = await fetch(`/api/v1/talks/${talks}`, { credentials: "same-origin" });
      return ![401, 403, 404].includes(response.status);
    } catch (e) {
      return true; // the server is away: keep trying
    }
  }

  function connect() {
    const source = new EventSource(`/api/v1/stream?talks=${talks}&last_event_id=${lastEventId}`);
    KINDS.forEach((kind) => source.addEventListener(kind, onEvent));
    // Open or reopened: whatever happened while the stream was away is fetched now.
    source.onopen = () => { document.documentElement.dataset.live = "open"; refreshAll(); };
    source.onerror = async () => {
      document.documentElement.dataset.live = "reconnecting";
      if (source.readyState !== EventSource.CLOSED) return; // the browser tries again by itself
      // Refused: for good (the seat was removed, the session ended) the page says so and
      // stops; otherwise (503 on shutdown, a restart) it tries again.
      if (await stillAllowed()) {
        setTimeout(connect, 2000);
      } else {
        document.documentElement.dataset.live = "ended";
        document.querySelectorAll("[data-live-ended]").forEach((el) => { el.hidden = false; });
      }
    };
  }

  // The relays rendered with the page were marked read (and so delivered) when it was served.
  connect();
  // A page frozen or hidden (a phone asleep) catches up when it wakes.
  document.addEventListener("resume", refreshAll);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refreshAll();
  });
})();

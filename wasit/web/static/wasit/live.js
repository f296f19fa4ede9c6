// Live pages: one EventSource per page, resumed by the browser with
// Last-Event-ID after a drop. Events only say *that* something changed in a
// room; the page fetches the new items as server-rendered HTML, so every
// byte shown was escaped and filtered by the server's policy.
(() => {
  const anchor = document.querySelector("[data-live-talks]");
  if (!anchor || !window.EventSource) return;
  const talks = anchor.dataset.liveTalks;
  const since = anchor.dataset.lastEventId || "0";
  const csrf = (() => {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"]; }
    catch (e) { return ""; }
  })();
  const columns = new Map();
  document.querySelectorAll("[data-live-room]").forEach((el) => columns.set(el.dataset.liveRoom, el));
  const busy = new Map();

  async function refreshRoom(roomId) {
    const el = columns.get(String(roomId));
    if (!el) return;
    if (busy.get(el)) { busy.set(el, "again"); return; }
    busy.set(el, true);
    try {
      do {
        busy.set(el, true);
        const after = el.dataset.lastEventId || "0";
        const response = await fetch(`${el.dataset.itemsUrl}?after=${after}`, { credentials: "same-origin" });
        if (!response.ok) break;
        const html = await response.text();
        const template = document.createElement("template");
        template.innerHTML = html;
        template.content.querySelectorAll("[data-event-id]").forEach((item) => {
          if (!el.querySelector(`[data-event-id="${item.dataset.eventId}"]`)) el.appendChild(item);
          el.dataset.lastEventId = item.dataset.eventId;
        });
        el.lastElementChild?.scrollIntoView({ block: "nearest" });
      } while (busy.get(el) === "again");
    } finally { busy.set(el, false); }
  }

  async function refreshPart(el) {
    const response = await fetch(el.dataset.liveRefresh, { credentials: "same-origin" });
    if (response.ok) el.innerHTML = await response.text();
  }

  function markRead() {
    const url = anchor.dataset.readUrl;
    if (!url || document.visibilityState !== "visible") return;
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf } });
  }

  const source = new EventSource(`/api/v1/stream?talks=${talks}&last_event_id=${since}`);
  const onEvent = (event) => {
    const data = JSON.parse(event.data);
    const roomId = data.payload && data.payload.room_id;
    if (roomId !== undefined) refreshRoom(roomId);
    if (data.kind === "message.relayed") markRead();
    document.querySelectorAll("[data-live-refresh]").forEach(refreshPart);
    document.documentElement.dataset.lastEventId = String(data.id);
  };
  ["message.posted", "message.relayed", "translation.added", "message.withheld",
   "relay.recorded", "room.opened", "room.closed"].forEach((kind) => source.addEventListener(kind, onEvent));
  source.onopen = () => { document.documentElement.dataset.live = "open"; };
  source.onerror = () => { document.documentElement.dataset.live = "reconnecting"; };
})();

"""Analysis appended to the `## Relay` section by bench/relay.py (edit by hand, then re-render
with `.venv/bin/python bench/relay.py --from-json <saved run>`). Figures quoted here come from
py-spy profiles of the server taken on 2026-11-25 while the benchmark ran; re-profile before
trusting them after the server changes (`--timeline DIR` saves each message's timings):

    .venv/bin/pip install py-spy
    .venv/bin/py-spy record -p <server pid> -d 40 -r 250 -f raw --threads --gil -o prof.txt
"""

NOTES = """\
Where the time goes (py-spy profiles of the server process and per-message timelines, taken on
2026-11-25 between 19:40 and 20:05 UTC on PostgreSQL, in Wasit-only runs of this script):

- The client is not the limit: it uses 0.1–0.4 ms of CPU per message and under 15% of one
  core in every phase.
- Every write goes through one thread, `wasit-writer` (`wasit/live/writer.py`), which runs the
  actions of a batch one after the other in one transaction and shares the COMMIT. On
  PostgreSQL, in the paced phase, that thread spent about two thirds of its time waiting for
  the database (`psycopg` `Connection.wait`): a post is a few sequential round trips (savepoint,
  the message, the event, release) and the batch one more (the NOTIFY, then COMMIT).
- Three changes came from that profile. (1) Each process also hears its own NOTIFYs, and its
  listener thread re-read from the database every event the writer had just dispatched from
  memory: 16% of the process's samples, competing with the writer for the GIL. NOTIFYs now
  carry a process tag and a process skips its own. (2) The writer read the chain's head before
  every action; within a batch the chain lock is held, so the head is now carried from one
  action to the next and read again only after a failed action (one round trip less per
  post). (3) Django quoted every parameter into the SQL text in Python (client-side binding);
  sealed texts are long and that cost more writer CPU than the insert itself, so PostgreSQL
  connections now bind parameters server-side. In Wasit-only runs just before and after (one
  run each, so only indicative): closed loop 443 → about 620 msg/s, ping-pong p50 4.6 → 2.6–3.3 ms,
  paced p99 15–35 → 5–29 ms.
- Of the writer's CPU (GIL) time after those changes, about 30% is Django's `Model.save` path
  for the two inserts per post (building the model, compiling the INSERT) and about 15%
  psycopg's query handling; the event loop thread (HTTP parsing, the JSON answer, SSE frames)
  holds the GIL about a third as long as the writer. In the paced phase the process held the
  GIL about a quarter of the wall time: the paced tail is not CPU saturation of the server.
- The paced tail is mostly broad: latency rises for a quarter to one second at a time (p50
  within 250 ms windows between 3 and 17 ms), plus rare stalls in which every request waits
  about 100 ms and then all complete together. What it is not, on that evidence: Python's
  garbage collector (a `gc.callbacks` probe saw no collection over 8 ms in the server during
  the phases), fsync (a 40 s `fdatasync` probe on the database's disk: p99 0.5 ms, max 4 ms),
  checkpoints or autovacuum (none in PostgreSQL's log during the phases). Other tenants of
  this 2-core virtual machine are the likely cause; the figures above say how much CPU other
  processes visibly used, but a virtual machine does not see time taken by its host.
- A relay costs about twice a post (on PostgreSQL nine statements: the message, its withholding
  check, the chain lock, the head, the relay row, two events, savepoint and release); the
  delivery receipt is no longer a write of the stream: it comes from the recipient client's
  own acknowledgement (`POST /api/v1/rooms/{id}/receipts`), which this benchmark's clients
  do not send.
- Figures on this machine move with other tenants' jobs and between sessions: the same code
  ran about 1.5–2× slower in this session than in the previous one (Synapse too: its SQLite
  ping-pong p50 was 19.0 ms then and 25.2 ms now). The script waits (up to `--quiet-wait`
  seconds) for the machine to settle before each phase, then measures anyway. The paced runs
  are the most sensitive: the open loop at half the closed-loop rate leaves the server little
  slack for a stall, so one stall of 100 ms in a 10 s run moves its p99.
- Resilience seen by accident: when another job restarted PostgreSQL in the middle of a run,
  exactly one POST got `503 The database is unavailable; nothing was saved` and the next ones
  succeeded on a new connection; the phase reports it as an error.
"""

"""Analysis appended to the `## Relay` section by bench/relay.py (edit by hand, then re-render
with `.venv/bin/python bench/relay.py --from-json <saved run>`). Figures quoted here come from
py-spy profiles of the server taken on 2026-11-25 while the benchmark ran; re-profile before
trusting them after the server changes:

    /tmp/pyspy-venv/bin/py-spy record -p <server pid> -d 8 -r 250 -f raw --threads --gil -o prof.txt
"""

NOTES = """\
Where the time goes (py-spy profiles of the server process during the benchmark, taken on
2026-11-25 between 17:00 and 17:20 UTC, i.e. against the server as it was then; the server has
since changed, e.g. `queries.get_room` now caches fixed rooms, and a post costs about 0.5 ms of
server CPU instead of 1.3–1.5 ms: re-profile before relying on the shares below):

- The client is not the limit: it uses 0.06–0.3 ms of CPU per message and under 10% of one
  core in every phase, while the server process runs at 85–97% of one core in the closed loop
  on SQLite.
- Every write goes through one thread, `wasit-writer` (`wasit/live/writer.py`), which runs the
  writes of a batch one after the other and shares only the COMMIT. On SQLite that thread holds
  the GIL for about 95% of the sampled time in the closed loop, so the closed-loop rate is its
  CPU cost per message (about 1.3–1.5 ms) inverted: roughly 650–750 messages/s on one core.
  Of that thread's time, about 47% is `caucus_ops.post_message` → `queries.get_room` →
  `policy.get_visible(Room)` (building and compiling a policy-scoped ORM query for every
  message), about 20% `audit.log._head` (reading the head of the hash chain) and about 11%
  `audit.next_id`; Django's query construction and compilation (`QuerySet.filter`,
  `SQLCompiler.as_sql`) dominate, not SQLite itself.
- On PostgreSQL the same thread spends about 70% of its wall time in `psycopg`
  `Connection.wait`: each message costs several sequential round trips to the database
  inside the single writer, so throughput is bounded by round-trip latency, and the server
  process sits at only 65–75% of a core while the closed loop is saturated.
- A relay costs about 3× a post (4.7–4.8 ms of server CPU on SQLite): besides the relay itself
  (`get_message` and a `get_visible` per destination room, three events recorded), the
  recipient's stream enqueues a `relay.receipt` write (`_Receipts.sent` →
  `caucus.actions.mark_delivered`), about 29% of the writer's time during the relay ping-pong,
  on the same single writer as the next relay.
- Figures on this 2-core machine move with other tenants' jobs (test suites, other
  benchmarks): the "other CPU" and "CPU pressure" columns show how much of the machine others
  used during each phase. The script waits (up to `--quiet-wait` seconds) for the machine to
  settle before each phase, then measures anyway. The paced runs are the most sensitive: the
  server needs about 0.6–0.7 of a core at half the closed-loop rate, so when other processes
  take a whole core the open loop briefly runs above the capacity left to it, a queue builds
  and p99 jumps from a few milliseconds to hundreds (the p50 stays near 2 ms). In the paced
  runs seen on 2026-11-25 with under 10% other load, p99 was 5–8 ms on SQLite and 4–25 ms on
  PostgreSQL.
- Resilience seen by accident: when another job restarted PostgreSQL in the middle of a run,
  exactly one POST got `503 The database is unavailable; nothing was saved` and the next ones
  succeeded on a new connection; the phase reports it as an error.
"""

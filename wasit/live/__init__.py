"""The live stream: events reach browsers as Server-Sent Events, in log order.

- `hub` fans committed events out to the streams of this process, filling
  any gap from the database so no stream ever skips or repeats an id.
- `writer` is the single writer of the fast path: it commits waiting writes
  in one transaction (group commit) and acknowledges each only after COMMIT.
- `stream` is the SSE generator: replay from `Last-Event-ID`, then live.
- `pg` listens for PostgreSQL NOTIFY so every process hears every event.
- `asgi` routes the hot API calls past Django's middleware to the same actions.
"""

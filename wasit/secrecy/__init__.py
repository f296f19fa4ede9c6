"""Secrecy at rest: party-private texts are sealed with AES-GCM before they reach the database.

The keys live outside the database, in `<data folder>/keys.json` (mode 0600)
or the `WASIT_ENCRYPTION_KEYS` environment variable, so a dump of the
database alone reveals no content. `wasit rotate-key` re-seals everything
under a new key.
"""

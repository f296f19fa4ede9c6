"""Settings for the test suite: the real settings, a throwaway data folder,
and a fast password hasher (one test checks that production uses argon2)."""

import os
import tempfile

# One data folder (keys, SQLite file) per pytest-xdist worker: workers never share keys in the making.
# And one per run: two suites at once (two clones) must not share a test database file.
# A subprocess of a test inherits WASIT_TEST_RUN and PYTEST_XDIST_WORKER: its parent's folder.
os.environ.setdefault("WASIT_TEST_RUN", os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:12] or str(os.getpid()))
_worker = f'{os.environ["WASIT_TEST_RUN"]}-{os.environ.get("PYTEST_XDIST_WORKER", "main")}'
# Set, not defaulted: `make` exports the demo's WASIT_DATA_DIR, which tests must never touch.
os.environ["WASIT_DATA_DIR"] = os.path.join(tempfile.gettempdir(), f"wasit-test-data-{os.getuid()}-{_worker}")

from wasit.config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A file, not Django's shared-cache memory database, for the SQLite test
# database: a second connection then waits for the writer's lock (as in
# production) instead of failing with "table is locked", so the race tests
# run on SQLite too. Rollbacks and the per-worker folder keep it fast.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(os.environ["WASIT_DATA_DIR"], "test.sqlite3")}  # noqa: F405

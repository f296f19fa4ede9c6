"""Settings for the test suite: the real settings, a throwaway data folder,
and a fast password hasher (one test checks that production uses argon2)."""

import os
import tempfile

os.environ.setdefault("WASIT_DATA_DIR", os.path.join(tempfile.gettempdir(), f"wasit-test-data-{os.getuid()}"))

from wasit.config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

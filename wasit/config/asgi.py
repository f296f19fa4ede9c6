"""The ASGI application: the fast path for the hot API calls, Django for the rest."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wasit.config.settings")

django_application = get_asgi_application()

from wasit.live.asgi import Router  # noqa: E402 (needs the app registry loaded above)

application = Router(django_application)  # type: ignore[arg-type]

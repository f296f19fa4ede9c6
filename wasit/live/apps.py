from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "wasit.live"
    label = "live"
    verbose_name = "Live stream"

    def ready(self) -> None:
        from wasit.audit.log import subscribe
        from wasit.live.hub import hub

        subscribe(hub.offer)

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "wasit.live"
    label = "live"
    verbose_name = "Live stream"

    def ready(self) -> None:
        from wasit.audit.log import subscribe
        from wasit.live import pg
        from wasit.live.hub import hub

        subscribe(hub.offer)
        # The hub and the PostgreSQL listener know each other only through here.
        pg.deliver_to(hub.offer_id)
        hub.on_subscribe(lambda: pg.ensure_listener())
        hub.on_seat_change(_clear_viewers)


def _clear_viewers() -> None:
    from wasit.live.auth import viewer_cache

    viewer_cache.clear()

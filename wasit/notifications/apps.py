from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "wasit.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from wasit.audit.log import on_record
        from wasit.notifications.listener import notify

        # Queued in the recording transaction: no mail for a rolled-back action.
        on_record(notify)

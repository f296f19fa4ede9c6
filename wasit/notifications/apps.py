from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "wasit.notifications"
    label = "notifications"
    verbose_name = "Notifications"

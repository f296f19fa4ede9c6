from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "wasit.talks"
    label = "talks"
    verbose_name = "Talks"

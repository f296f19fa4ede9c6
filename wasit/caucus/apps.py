from django.apps import AppConfig


class CaucusConfig(AppConfig):
    name = "wasit.caucus"
    label = "caucus"
    verbose_name = "Caucus rooms and relay"

from django.apps import AppConfig


class TextsConfig(AppConfig):
    name = "wasit.texts"
    label = "texts"
    verbose_name = "Single negotiating texts"

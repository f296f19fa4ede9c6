from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "wasit.web"
    label = "web"
    verbose_name = "Web pages"

from django.apps import AppConfig


class CliConfig(AppConfig):
    name = "wasit.cli"
    label = "cli"
    verbose_name = "Command line"

from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "wasit.positions"
    label = "positions"
    verbose_name = "Positions"

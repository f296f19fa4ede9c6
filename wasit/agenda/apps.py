from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "wasit.agenda"
    label = "agenda"
    verbose_name = "Agenda"

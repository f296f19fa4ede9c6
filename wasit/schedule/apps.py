from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "wasit.schedule"
    label = "schedule"
    verbose_name = "Schedule"

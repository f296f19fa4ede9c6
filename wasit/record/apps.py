from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "wasit.record"
    label = "record"
    verbose_name = "Record"

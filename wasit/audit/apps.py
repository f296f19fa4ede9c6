from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "wasit.audit"
    label = "audit"
    verbose_name = "Audit log"

from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "wasit.idempotency"
    label = "idempotency"
    verbose_name = "Idempotency keys"

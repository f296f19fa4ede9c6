from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wasit.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from wasit.accounts.signals import connect

        connect()

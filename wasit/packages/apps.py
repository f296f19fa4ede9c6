from django.apps import AppConfig


class PackagesConfig(AppConfig):
    name = "wasit.packages"
    label = "packages"
    verbose_name = "Packages"

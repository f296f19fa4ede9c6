from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "wasit.offers"
    label = "offers"
    verbose_name = "Sealed conditional offers and blind bids"

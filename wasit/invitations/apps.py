from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "wasit.invitations"
    label = "invitations"
    verbose_name = "Invitations"

from django.urls import URLPattern

app_name = "invitations"

urlpatterns: list[URLPattern] = []

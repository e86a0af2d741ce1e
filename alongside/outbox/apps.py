from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "alongside.outbox"
    label = "outbox"

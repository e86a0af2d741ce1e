"""WebSocket routes. Capabilities that need real-time (the warm line) add theirs here."""

from alongside.core.consumers import PingConsumer
from django.urls import path

websocket_urlpatterns = [path("ws/ping/", PingConsumer.as_asgi())]

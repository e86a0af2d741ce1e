"""WebSocket routes. Capabilities that need real-time (the warm line) add theirs here."""

from django.urls import path

from alongside.core.consumers import PingConsumer

websocket_urlpatterns = [path("ws/ping/", PingConsumer.as_asgi())]

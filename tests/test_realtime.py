"""The WebSocket stack and channel layer (in-memory, or Redis when REDIS_URL is set) work end to end."""

from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser

from alongside.core.consumers import PingConsumer
from conftest import World


async def _ping(user) -> tuple[bool, object]:
    communicator = WebsocketCommunicator(PingConsumer.as_asgi(), "/ws/ping/")
    communicator.scope["user"] = user
    connected, _ = await communicator.connect(timeout=10)  # the first Redis connection can be slow on a busy CI machine
    if not connected:
        return False, None
    await communicator.send_json_to({"type": "ping"})
    answer = await communicator.receive_json_from(timeout=5)
    await communicator.disconnect()
    return True, answer


def test_a_signed_in_user_gets_pong_through_the_channel_layer(world: World) -> None:
    connected, answer = async_to_sync(_ping)(world.own["peer"])
    assert connected is True
    assert answer == {"type": "pong"}


def test_an_anonymous_socket_is_refused() -> None:
    connected, _ = async_to_sync(_ping)(AnonymousUser())
    assert connected is False

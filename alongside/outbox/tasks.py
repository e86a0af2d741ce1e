from django_tasks import task

from alongside.outbox.services import outbox_deliver_one, outbox_sweep_once


@task()
def outbox_deliver(message_id: int) -> str:
    return outbox_deliver_one(message_id=message_id)


@task()
def outbox_sweep() -> int:
    """Retry what a crashed or failed send left behind (``manage.py outbox_sweep`` does the same in a loop)."""
    return sum(outbox_sweep_once().values())

from django_tasks import task

from alongside.outbox.services import outbox_deliver_one, outbox_pending_ids


@task()
def outbox_deliver(message_id: int) -> str:
    return outbox_deliver_one(message_id=message_id)


@task()
def outbox_sweep() -> int:
    """Retry what a crashed or failed send left behind; run periodically by the worker loop."""
    ids = outbox_pending_ids()
    for message_id in ids:
        outbox_deliver_one(message_id=message_id)
    return len(ids)

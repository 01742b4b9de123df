"""WebhooksService servicer: proto <-> use cases, nothing else."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from prism.webhooks.v1 import webhooks_pb2 as pb
from prism.webhooks.v1 import webhooks_pb2_grpc
from services.webhooks.deliveries import FAILED, PENDING, SUCCEEDED, Delivery, DeliveryLog
from services.webhooks.subscriptions import Draft, Subscriptions, Webhook

_STATES = {
    PENDING: pb.DELIVERY_STATE_PENDING,
    SUCCEEDED: pb.DELIVERY_STATE_SUCCEEDED,
    FAILED: pb.DELIVERY_STATE_FAILED,
}


def _time(micros: int | None) -> timestamp_pb2.Timestamp | None:
    if micros is None:
        return None
    stamp = timestamp_pb2.Timestamp()
    stamp.FromMicroseconds(micros)
    return stamp


def to_webhook(w: Webhook) -> pb.Webhook:
    return pb.Webhook(
        name=w.name,
        url=w.url,
        event_types=list(w.event_types),
        active=w.active,
        description=w.description,
        create_time=_time(w.created_at_micros),
        update_time=_time(w.updated_at_micros),
    )


def to_delivery(d: Delivery) -> pb.WebhookDelivery:
    return pb.WebhookDelivery(
        name=d.name,
        event_id=d.event_id,
        event_type=d.event_type,
        state=_STATES.get(d.state, pb.DELIVERY_STATE_UNSPECIFIED),
        attempt_count=d.attempts,
        next_attempt_time=_time(d.next_attempt_at_micros) if d.state == PENDING else None,
        create_time=_time(d.created_at_micros),
        complete_time=_time(d.completed_at_micros),
        attempts=[
            pb.DeliveryAttempt(
                number=a.number,
                attempt_time=_time(a.attempted_at_micros),
                status_code=a.status_code,
                error=a.error,
                duration_ms=a.duration_ms,
            )
            for a in d.log
        ],
    )


def _draft(webhook: pb.Webhook) -> Draft:
    return Draft(
        url=webhook.url,
        event_types=tuple(webhook.event_types),
        active=webhook.active if webhook.HasField("active") else None,
        description=webhook.description,
    )


class WebhooksServicer(webhooks_pb2_grpc.WebhooksServiceServicer):
    def __init__(self, subscriptions: Subscriptions, log: DeliveryLog) -> None:
        self.subscriptions = subscriptions
        self.log = log

    async def CreateWebhook(self, request, context):
        webhook, secret = await self.subscriptions.create(request.parent, _draft(request.webhook))
        return pb.CreateWebhookResponse(webhook=to_webhook(webhook), signing_secret=secret)

    async def ListWebhooks(self, request, context):
        found, token = await self.subscriptions.list(request.parent, request.page_size, request.page_token)
        return pb.ListWebhooksResponse(webhooks=[to_webhook(w) for w in found], next_page_token=token)

    async def GetWebhook(self, request, context):
        return pb.GetWebhookResponse(webhook=to_webhook(await self.subscriptions.get(request.name)))

    async def UpdateWebhook(self, request, context):
        paths = list(request.update_mask.paths)
        updated = await self.subscriptions.update(request.webhook.name, paths, _draft(request.webhook))
        return pb.UpdateWebhookResponse(webhook=to_webhook(updated))

    async def DeleteWebhook(self, request, context):
        await self.subscriptions.delete(request.name)
        return pb.DeleteWebhookResponse()

    async def ListWebhookDeliveries(self, request, context):
        found, token = await self.log.list(request.parent, request.page_size, request.page_token)
        return pb.ListWebhookDeliveriesResponse(
            webhook_deliveries=[to_delivery(d) for d in found], next_page_token=token
        )

    async def RedeliverWebhookDelivery(self, request, context):
        return pb.RedeliverWebhookDeliveryResponse(webhook_delivery=to_delivery(await self.log.redeliver(request.name)))

"""The components of the suite, in start order, with their default internal addresses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Component:
    name: str
    default_port: int  # loopback gRPC port used by `prism serve` unless PRISM_<NAME>_ADDRESS says otherwise
    module: str  # module whose `build(settings)` returns the component's ServiceApp
    owns_data: bool  # has tables, migrations and an audit outbox

    @property
    def grpc_service_prefix(self) -> str:
        return f"prism.{self.name}.v1"


SERVICES: tuple[Component, ...] = (
    Component("directory", 50051, "services.directory.app", owns_data=True),
    Component("keys", 50052, "services.keys.app", owns_data=True),
    Component("token", 50053, "services.token.app", owns_data=True),
    Component("stepup", 50054, "services.stepup.app", owns_data=True),
    Component("authz", 50055, "services.authz.app", owns_data=False),
    Component("webhooks", 50056, "services.webhooks.app", owns_data=True),
)
GATEWAY = "gateway"
ALL_NAMES: tuple[str, ...] = tuple(c.name for c in SERVICES) + (GATEWAY,)
DATA_OWNERS: tuple[Component, ...] = tuple(c for c in SERVICES if c.owns_data)


def service(name: str) -> Component:
    for component in SERVICES:
        if component.name == name:
            return component
    raise KeyError(name)

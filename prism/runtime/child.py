"""One supervised component's process: `python -m prism.runtime.child COMPONENT`.

`prism serve` (the whole suite) starts every component through this module instead of through the
CLI, so a child imports its own component and nothing of the command line (click, httpx, every
command group): about a second less CPU for each process at every start and restart. `prism serve
COMPONENT` remains the way to run one component by hand; both call `run` below.
"""

from __future__ import annotations

import sys

from prism.runtime.components import ALL_NAMES, GATEWAY, service
from prism.runtime.settings import SettingsError


def run(component: str, gateway_port: int | None = None) -> None:
    """Run one component in this process until it is stopped (SettingsError: a wrong setting)."""
    if component == GATEWAY:
        from gateway.main import run_gateway

        run_gateway(gateway_port)
    else:
        from prism.runtime.server import run_component

        run_component(service(component))


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ALL_NAMES:
        print(f"usage: python -m prism.runtime.child {{{','.join(ALL_NAMES)}}}", file=sys.stderr)
        return 2
    try:
        run(argv[0])
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)  # the CLI's one-line form
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""`prism serve`: every component as its own OS process on loopback ports.

The supervisor starts each component (`python -m prism serve <name>`), restarts one that dies
(with a growing delay, reset once it has run for a while), writes pid files under
`<data dir>/run/`, and on Ctrl-C or SIGTERM stops them all (SIGTERM, then SIGKILL after a grace).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("prism.supervisor")

FIRST_RESTART_DELAY = 0.2  # seconds before restarting a component that died
MAX_RESTART_DELAY = 10.0  # the delay doubles per quick death, up to this
HEALTHY_RUN_SECONDS = 30.0  # a component that ran this long restarts with the first delay again
STOP_GRACE_SECONDS = 10.0  # after SIGTERM, how long before SIGKILL


@dataclass
class Child:
    name: str
    process: asyncio.subprocess.Process | None = None
    started_at: float = 0.0
    restarts: int = 0
    delay: float = FIRST_RESTART_DELAY
    history: list[int] = field(default_factory=list)


class Supervisor:
    def __init__(self, names: tuple[str, ...], *, env: dict[str, str], run_dir: Path) -> None:
        self.children = {name: Child(name) for name in names}
        self.env = env
        self.run_dir = run_dir
        self._stopping = asyncio.Event()

    def pid_file(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"

    async def _spawn(self, child: Child) -> None:
        child.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "prism.runtime.child",  # not the CLI: a child imports only its own component
            child.name,
            env=self.env,
            start_new_session=True,  # Ctrl-C reaches the supervisor only; it stops the children in order
            preexec_fn=_die_with_parent,
        )
        child.started_at = time.monotonic()
        self.pid_file(child.name).write_text(f"{child.process.pid}\n")
        log.info(
            "started %s (pid %d)",
            child.name,
            child.process.pid,
            extra={"child": child.name, "pid": child.process.pid, "restarts": child.restarts},
        )

    async def _watch(self, child: Child) -> None:
        while not self._stopping.is_set():
            await self._spawn(child)
            code = await child.process.wait()
            if self._stopping.is_set():
                return
            ran = time.monotonic() - child.started_at
            if ran >= HEALTHY_RUN_SECONDS:
                child.delay = FIRST_RESTART_DELAY
            log.warning(
                "%s exited with code %s after %.1fs; restarting in %.1fs",
                child.name,
                code,
                ran,
                child.delay,
                extra={"child": child.name, "exit_code": code},
            )
            child.restarts += 1
            try:
                await asyncio.wait_for(self._stopping.wait(), timeout=child.delay)
                return
            except TimeoutError:
                pass
            child.delay = min(child.delay * 2, MAX_RESTART_DELAY)

    async def run(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self._stopping.set)
        watchers = [asyncio.create_task(self._watch(child)) for child in self.children.values()]
        await self._stopping.wait()
        log.info("stopping %d components", len(self.children))
        await self._stop_all()
        for watcher in watchers:
            watcher.cancel()
        await asyncio.gather(*watchers, return_exceptions=True)
        log.info("all components stopped")

    async def _stop_all(self) -> None:
        running = [c for c in self.children.values() if c.process and c.process.returncode is None]
        for child in running:
            child.process.send_signal(signal.SIGTERM)

        async def reap(child: Child) -> None:
            try:
                await asyncio.wait_for(child.process.wait(), timeout=STOP_GRACE_SECONDS)
            except TimeoutError:
                log.warning("%s did not stop in %.0fs; killing it", child.name, STOP_GRACE_SECONDS)
                child.process.kill()
                await child.process.wait()
            self.pid_file(child.name).unlink(missing_ok=True)

        await asyncio.gather(*(reap(c) for c in running))


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if the supervisor dies without stopping it (no orphans)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def child_environment(gateway_port: int | None) -> dict[str, str]:
    env = dict(os.environ)
    if gateway_port is not None:
        env["PRISM_GATEWAY_PORT"] = str(gateway_port)
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env

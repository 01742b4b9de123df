"""The load processes: `_worker` is the body of one spawned load process (`bench/harness.py: run_load`
starts them); it drives its share of the closed loops through the warm-up and the measured phase
and reports latencies, errors, a reservoir sample of the answers and its CPU time.

What a loop sends is a spec (bench/load_specs.py), carried out by a loop of bench/load_loops.py over
the minimal HTTP/1.1 client of bench/raw_http.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

from bench.load_loops import loop_for
from bench.raw_http import RequestFailed

MAX_ERROR_MESSAGES = 5
SAMPLES_PER_WORKER = 100


def _worker(index: int, config: dict, ready, go, start_at, results) -> None:
    """One load process: its share of the closed loops."""
    try:
        uvloop = None
        if config["client"] == "raw" and config["spec"]["kind"] != "grpc":
            with contextlib.suppress(ImportError):
                import uvloop  # with uvicorn[standard]; a cheaper event loop leaves more CPU to the server
        if uvloop is not None:
            outcome = uvloop.run(_drive(config, ready, go, start_at))
        else:
            outcome = asyncio.run(_drive(config, ready, go, start_at))
        results.put((index, outcome))
    except BaseException as error:  # report instead of dying silently
        results.put((index, {"fatal": f"{type(error).__name__}: {error}"}))


async def _drive(config: dict, ready, go, start_at) -> dict:
    spec = config["spec"]
    latencies: list[float] = []
    errors = {"count": 0, "messages": []}
    samples: list[bytes] = []
    keep = config["samples"]
    seen = 0  # measured successes, for reservoir sampling
    warmup_requests = 0
    rng = random.Random()

    def error(message: str) -> None:
        errors["count"] += 1
        if len(errors["messages"]) < MAX_ERROR_MESSAGES:
            errors["messages"].append(message)

    async with contextlib.AsyncExitStack() as stack:
        client = None
        if spec["kind"] == "http" and config["client"] == "httpx":
            import httpx

            n = len(config["loops"])
            limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
            client = await stack.enter_async_context(httpx.AsyncClient(limits=limits, timeout=config["timeout"]))
        loops = []
        for loop_index in config["loops"]:
            loops.append(loop_for(spec, loop_index, config["timeout"], client))
            stack.push_async_callback(loops[-1].aclose)
        ready.put(config["index"])
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        # phase boundaries are wall-clock times shared by every process; measure on perf_counter
        offset = time.perf_counter() - time.time()
        measure_from = start_at.value + config["warmup"] + offset
        stop_at = measure_from + config["duration"]
        cpu: dict[str, float] = {}

        async def mark(name: str, at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            cpu[name] = time.process_time()

        async def run(work) -> None:
            nonlocal seen, warmup_requests
            while True:
                started = time.perf_counter()
                if started >= stop_at:
                    return
                try:
                    content = await work.once()
                except RequestFailed as failure:
                    error(str(failure))
                    await asyncio.sleep(0.01)  # a refused connection must not spin
                    continue
                finished = time.perf_counter()
                if measure_from <= finished < stop_at:
                    latencies.append(finished - started)
                    seen += 1
                    if len(samples) < keep:
                        samples.append(content)
                    elif keep:
                        slot = rng.randrange(seen)
                        if slot < keep:
                            samples[slot] = content
                elif finished < measure_from:
                    warmup_requests += 1

        await asyncio.gather(mark("start", measure_from), mark("stop", stop_at), *(run(w) for w in loops))
    return {
        "latencies": latencies,
        "errors": errors,
        "samples": samples,
        "warmup_requests": warmup_requests,
        "cpu_s": cpu.get("stop", 0.0) - cpu.get("start", 0.0),
    }

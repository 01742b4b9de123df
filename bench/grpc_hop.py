"""What one internal gRPC hop costs in CPU: the floor under every request that crosses components.

A trivial unary RPC (TokenService.CheckRevoked with an empty request, answered at once) served by a
grpc.aio server in its own process, called by the gateway's client (grpclib on uvloop) or by a
grpc.aio client, at a fixed concurrency. Reports calls/s and the CPU microseconds per call of the
server process and of the client process, read from /proc. No Prism logic runs: this is the price
of the transport alone, to compare with the CPU per request the end-to-end benchmarks measure.

    .venv/bin/python bench/grpc_hop.py                 # 20,000 calls per client kind, 16 concurrent
    .venv/bin/python bench/grpc_hop.py --calls 50000 --output json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _serve(port: int) -> None:
    import grpc

    from prism.token.v1 import token_pb2, token_pb2_grpc

    class Servicer(token_pb2_grpc.TokenServiceServicer):
        async def CheckRevoked(self, request, context):  # noqa: N802 - the generated name
            return token_pb2.CheckRevokedResponse()

    server = grpc.aio.server()
    token_pb2_grpc.add_TokenServiceServicer_to_server(Servicer(), server)
    server.add_insecure_port(f"127.0.0.1:{port}")
    await server.start()
    print("READY", flush=True)
    await server.wait_for_termination()


async def _call(kind: str, port: int, calls: int, concurrency: int) -> float:
    from prism.token.v1 import token_pb2

    request = token_pb2.CheckRevokedRequest()
    if kind == "grpclib":
        from grpclib.client import Channel

        from prism.token.v1 import token_grpc

        channel = Channel("127.0.0.1", port)
        method = token_grpc.TokenServiceStub(channel).CheckRevoked
    else:
        import grpc

        from prism.token.v1 import token_pb2_grpc

        channel = grpc.aio.insecure_channel(f"127.0.0.1:{port}")
        method = token_pb2_grpc.TokenServiceStub(channel).CheckRevoked

    async def loop(count: int) -> None:
        for _ in range(count):
            await method(request)

    await loop(200)  # connect and warm up
    started = time.perf_counter()
    await asyncio.gather(*(loop(calls // concurrency) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    result = channel.close()
    if asyncio.iscoroutine(result):
        await result
    return elapsed


def _client_main(kind: str, port: int, calls: int, concurrency: int) -> None:
    if kind == "grpclib":
        import uvloop

        uvloop.install()
    before = time.process_time()
    elapsed = asyncio.run(_call(kind, port, calls, concurrency))
    print(json.dumps({"elapsed": elapsed, "cpu": time.process_time() - before}), flush=True)


def measure(kind: str, calls: int, concurrency: int) -> dict:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        if server.stdout.readline().strip() != "READY":
            raise SystemExit("the gRPC server did not start")
        server_before = _cpu_seconds(server.pid)
        client = subprocess.run(
            [sys.executable, __file__, "--client", kind, str(port), str(calls), str(concurrency)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        server_cpu = _cpu_seconds(server.pid) - server_before
    finally:
        server.terminate()
        server.wait(timeout=10)
    answer = json.loads(client.stdout.strip().splitlines()[-1])
    measured = (calls // concurrency) * concurrency
    return {
        "client": kind,
        "calls": measured,
        "calls_per_second": round(measured / answer["elapsed"]),
        "server_cpu_us_per_call": round(server_cpu * 1e6 / (measured + 200)),
        "client_cpu_us_per_call": round(answer["cpu"] * 1e6 / (measured + 200)),
    }


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--serve":
        asyncio.run(_serve(int(sys.argv[2])))
        return 0
    if len(sys.argv) > 2 and sys.argv[1] == "--client":
        _client_main(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20_000, help="measured calls per client kind")
    parser.add_argument("--concurrency", type=int, default=16, help="calls in flight at once")
    parser.add_argument("--output", choices=("text", "json"), default="text")
    options = parser.parse_args()
    rows = [measure(kind, options.calls, options.concurrency) for kind in ("grpclib", "grpc.aio")]
    if options.output == "json":
        print(json.dumps({"concurrency": options.concurrency, "cores": os.cpu_count(), "rows": rows}, indent=2))
        return 0
    print(f"one trivial unary RPC to a grpc.aio server, {options.concurrency} concurrent, {os.cpu_count()} cores\n")
    print("| client | calls/s | server CPU µs/call | client CPU µs/call | hop CPU µs/call |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        total = row["server_cpu_us_per_call"] + row["client_cpu_us_per_call"]
        print(
            f"| {row['client']} | {row['calls_per_second']:,} | {row['server_cpu_us_per_call']} "
            f"| {row['client_cpu_us_per_call']} | {total} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

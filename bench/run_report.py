"""The report of bench/run.py: ratios to the peer and to the limit, targets met or MISSED, the tables."""

from __future__ import annotations

from bench.cases import BY_KEY, POSTGRES, PRISM_SHOWN, TARGETS, Case
from bench.harness import (
    LOAD_GENERATOR,
    markdown_table,
    number,
)

# --- ratios, targets, report --------------------------------------------------------------------------------------


def jwts_per_request(case: Case) -> int:
    """JWTs Prism signs per counted request: the access token, and the ID token in the code and refresh flows."""
    return 2 if case.key in ("authorization-code", "refresh") else 1


def evaluate(document: dict) -> None:
    """Ratios to the peer and to the limit, and each target met or missed, in place."""
    raw = {row["algorithm"]: row["raw_per_s"] for row in document.get("signing", [])}
    for database in document["databases"].values():
        for key, result in database["cases"].items():
            case = BY_KEY[key]
            prism, peer = result["prism"], result["peer"]
            result["prism_per_peer"] = (
                round(prism["requests_per_s"] / peer["requests_per_s"], 2) if peer and peer["requests_per_s"] else None
            )
            limit = raw.get(case.algorithm) / jwts_per_request(case) if case.algorithm in raw else None
            result["limit_per_s"] = round(limit) if limit else None
            result["limit"] = (
                f"raw {case.algorithm} signing on one core / {jwts_per_request(case)} JWT(s) per request"
                if limit
                else None
            )
            result["prism_per_limit"] = round(prism["requests_per_s"] / limit, 3) if limit else None
            result["target"] = _target(case, result)


def _target(case: Case, result: dict) -> dict | None:
    if case.target is None:
        return None
    ratio = result["prism_per_peer"]
    text = TARGETS[case.target]
    if ratio is None:
        return {"target": text, "met": None, "aim_met": None, "why": "no peer run"}
    if case.target == "cc-rs256":
        return {"target": text, "met": ratio >= 1.0, "aim_met": ratio >= 1.3}
    if case.target == "introspection":
        p99 = result["prism"]["latency_ms"]["p99"]
        fast = p99 is not None and p99 < 5.0
        return {"target": text, "met": ratio >= 1.0 and fast, "aim_met": ratio >= 2.0 and fast, "p99_ms": p99}
    return {"target": text, "met": ratio >= 1.5, "aim_met": None}


def _mark(target: dict | None) -> str:
    if target is None:
        return "-"
    if target["met"] is None:
        return f"{target['target']}: not measured"
    verdict = "met" if target["met"] else "MISSED"
    if target["met"] and target.get("aim_met") is not None:
        verdict += " (aim met)" if target["aim_met"] else " (aim missed)"
    return f"{target['target']}: {verdict}"


def _ratio(value) -> str:
    return "-" if value is None else f"{value:.2f}×"


def _ms(per_request: dict, name: str) -> str:
    value = per_request.get(name)
    return "-" if value is None else f"{value:.3f}"


def report(document: dict) -> str:
    machine = document["machine"]
    config = document["config"]
    lines = [
        f"# Prism against the limit and the peer ({document['started']})",
        "",
        f"Machine: {machine['cpus']} cores ({machine['cpu_model'] or machine['arch']}), {machine['memory_gib']} GiB, "
        f"{machine['system']}, Python {machine['python']}; peer: oidc-provider "
        f"{document['versions'].get('oidc-provider') or '?'} on Node {document['versions'].get('node') or '?'}"
        + (f"; PostgreSQL {document['versions']['postgresql']}" if document["versions"].get("postgresql") else "")
        + ".",
        f"Each case: {config['concurrency']} closed loops ({config['workers']} load process(es)), "
        f"{config['rounds']} round(s) of {config['warmup']:g} s warm-up + {config['seconds']:g} s measured, "
        "Prism and peer runs alternating; everything on this machine's cores.",
        "",
    ]
    header = [
        "database",
        "case",
        "Prism req/s",
        "p50 ms",
        "p99 ms",
        "errors",
        "peer req/s",
        "peer p50",
        "peer p99",
        "Prism/peer",
        "limit/s",
        "Prism/limit",
        "target",
        *(f"{name} ms/req" for name in PRISM_SHOWN),
        "Prism ms/req",
        "peer ms/req",
        "PostgreSQL ms/req",
        "load gen ms/req",
        "other load",
    ]
    rows = []
    peer_names = set(document.get("peer_processes", {}))
    for database, results in document["databases"].items():
        for result in results["cases"].values():
            prism, peer = result["prism"], result["peer"]
            cpu = prism["cpu_ms_per_request"]
            prism_total = sum(v for n, v in cpu.items() if n in results["rss_mib_idle"] and v is not None)
            peer_cpu = (
                sum(v for n, v in peer["cpu_ms_per_request"].items() if n in peer_names and v is not None)
                if peer
                else None
            )
            others = [
                s for s in prism["per_run_other_load"] + (peer["per_run_other_load"] if peer else []) if s is not None
            ]
            rows.append(
                [
                    database,
                    result["title"],
                    number(prism["requests_per_s"], 0),
                    number(prism["latency_ms"]["p50"]),
                    number(prism["latency_ms"]["p99"]),
                    f"{prism['errors']}" + (f" / {peer['errors']}" if peer else ""),
                    number(peer["requests_per_s"], 0) if peer else "-",
                    number(peer["latency_ms"]["p50"]) if peer else "-",
                    number(peer["latency_ms"]["p99"]) if peer else "-",
                    _ratio(result["prism_per_peer"]),
                    number(result["limit_per_s"]),
                    "-" if result["prism_per_limit"] is None else f"{result['prism_per_limit']:.0%}",
                    _mark(result["target"]),
                    *(_ms(cpu, name) for name in PRISM_SHOWN),
                    f"{prism_total:.3f}",
                    "-" if peer_cpu is None else f"{peer_cpu:.3f}",
                    _ms(cpu, POSTGRES),
                    _ms(cpu, LOAD_GENERATOR)
                    + (f" / {_ms(peer['cpu_ms_per_request'], LOAD_GENERATOR)}" if peer else ""),
                    f"{max(others):.0%}" if others else "-",
                ]
            )
    for row in document.get("signing", []):
        rows.append(
            [
                "-",
                f"signing alone in the token service, {row['algorithm']} ({row['sign_us']} µs)",
                number(row["sign_per_s"]),
                "-",
                "-",
                "0",
                "-",
                "-",
                "-",
                "-",
                number(row["raw_per_s"]),
                f"{row['sign_ratio']:.0%}",
                "-",
                *("-" for _ in PRISM_SHOWN),
                "-",
                "-",
                "-",
                "-",
                "-",
            ]
        )
    lines.append(markdown_table(header, rows, "ll" + "r" * 10 + "l" + "r" * (len(header) - 13)))
    lines += [
        "",
        "errors: Prism / peer (failed requests and sampled tokens that did not verify). limit: raw `cryptography` "
        "signing of the case's algorithm in one process on one core (the signing rows), divided by the JWTs "
        "signed per request (2 in the code and refresh flows: access and ID token); the token service is one "
        "process. ms/req: CPU time of each process per request; Prism ms/req is the sum of every Prism "
        "process (supervisor and stepup too); PostgreSQL: every server process on the machine (with "
        "--database postgresql); load gen: the load generator's (Prism / peer runs). The gRPC "
        "introspection row's peer columns are the peer's HTTP introspection, run alternately with it. other "
        "load: the highest share of the machine that processes outside this benchmark took during a run of "
        "the case.",
    ]
    lines += ["", "Resident memory (MiB), idle after set-up and the most under load:", ""]
    memory_rows = []
    for database, results in document["databases"].items():
        for name, idle in results["rss_mib_idle"].items():
            loaded = max(
                (
                    side["rss_mib_under_load"].get(name) or 0.0
                    for result in results["cases"].values()
                    for side in (result["prism"], result["peer"])
                    if side
                ),
                default=None,
            )
            memory_rows.append([database, name, number(idle), number(loaded or None)])
    for name, idle in document.get("peer_rss_mib_idle", {}).items():
        loaded = max(
            (
                result["peer"]["rss_mib_under_load"].get(name) or 0.0
                for results in document["databases"].values()
                for result in results["cases"].values()
                if result["peer"]
            ),
            default=None,
        )
        memory_rows.append(["-", name, number(idle), number(loaded or None)])
    lines.append(markdown_table(["database", "process", "idle", "under load"], memory_rows, "llrr"))
    problems = [
        f"{database} {key}: {message}"
        for database, results in document["databases"].items()
        for key, result in results["cases"].items()
        for side in (result["prism"], result["peer"])
        if side
        for message in side["error_messages"]
    ]
    if document.get("scale"):
        from bench import scale

        for database, result in document["scale"].items():
            lines += ["", f"## Scale ({database})", "", scale.report(result)]
    if problems:
        lines += ["", *(f"error: {p}" for p in problems)]
    if document.get("busy_warning"):
        lines += ["", document["busy_warning"]]
    return "\n".join(lines)

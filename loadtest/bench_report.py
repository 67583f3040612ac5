"""Summarises loadtest/bench.sh's runs: results.json, results.md, and the table on stdout.

usage: bench_report.py OUT_DIR IDLE_RSS_KIB  (UNAVAILABLE_TSV in the environment: "case/server<TAB>reason" lines)
Every figure is the median over the rounds.
"""
import json
import os
import statistics
import sys

CASES = {
    "small": "pass-through, small body",
    "big": "pass-through, 64 KiB body",
    "cache": "cache hit",
    "https": "HTTPS, small body",
    "h2": "HTTP/2 over TLS, small body",
    "handshake": "TLS handshakes (a new connection per request; req/s = handshakes/s)",
    "many": "1,000 connections, small body",
    "cluster": "Pharos 3-node cluster, small body",
    "direct": "origin direct (no proxy)",
}
SERVERS = ["origin", "nginx", "haproxy", "pharos", "vertx-floor", "netty-floor", "pharos-x3"]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(runs, unavailable):
    cells = {}
    for case in CASES:
        for server in SERVERS:
            key = f"{case}/{server}"
            mine = [r for r in runs if r["case"] == case and r["server"] == server]
            if key in unavailable:
                cells[key] = {"case": case, "server": server, "available": False, "reason": unavailable[key]}
                continue
            if not mine:
                continue
            maxes = [r for r in mine if r["kind"] == "max"]
            lats = [r for r in mine if r["kind"] == "latency"]
            lat = [r["latencyMillis"] or {} for r in lats]
            cells[key] = {
                "case": case, "server": server, "available": True,
                "rounds": len(maxes),
                "maxRps": median(r["wrk"]["rps"] for r in maxes),
                "maxRpsPerRound": [round(r["wrk"]["rps"]) for r in maxes],
                "maxErrors": sum(max(r["wrk"].get("errors", 0), 0) + r["wrk"].get("non2xx", 0) for r in maxes),
                "requestsPerCpuSecond": median(r["wrk"]["requests"] / r["cpuSeconds"] for r in maxes
                                               if r.get("cpuSeconds") and "requests" in r["wrk"]),
                "peakRssMiB": max((r["peakRssKiB"] for r in maxes), default=0) / 1024,
                "rate": median(r["rate"] for r in lats),
                "achievedRate": median(r["achievedRate"] for r in lats),
                "p50": median(l.get("p50") for l in lat),
                "p99": median(l.get("p99") for l in lat),
                "p99.9": median(l.get("p99.9") for l in lat),
                "latencyErrors": sum(max(r["errors"], 0) for r in lats),
            }
    return cells


def ratio(a, b, invert=False):
    if a is None or b is None or a == 0 or b == 0:
        return None
    return b / a if invert else a / b


def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def markdown(cells, machine, idle_mib):
    lines = [f"Measured {machine.get('date', '?')} on {machine.get('model', '?')}, {machine.get('cpus', '?')} CPUs, "
             f"{machine.get('kernel', '?')}; {machine.get('java', '')}; {machine.get('nginx', '')}; "
             f"{machine.get('haproxy', '')}; {machine.get('wrk', '')}. Load average at start: "
             f"{machine.get('load average at start', '?')}.", "",
             "| case | server | max req/s | req per CPU-s | open-loop rate | p50 ms | p99 ms | p99.9 ms | errors | peak RSS MiB |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for case, title in CASES.items():
        for server in SERVERS:
            c = cells.get(f"{case}/{server}")
            if c is None:
                continue
            if not c["available"]:
                lines.append(f"| {title} | {server} | not available | | | | | | | |")
                continue
            lines.append(f"| {title} | {server} | {fmt(c['maxRps'])} | {fmt(c['requestsPerCpuSecond'])} | {fmt(c['achievedRate'])} | {fmt(c['p50'], 2)} | "
                         f"{fmt(c['p99'], 2)} | {fmt(c['p99.9'], 2)} | {c['maxErrors'] + c['latencyErrors']} | "
                         f"{fmt(c['peakRssMiB'])} |")
    lines += ["", "| case | max req/s Pharos/nginx | Pharos/HAProxy | req per CPU-s Pharos/nginx | Pharos/HAProxy | "
                  "p99 Pharos/nginx | p99 Pharos/HAProxy | max req/s Pharos/Vert.x floor | Vert.x floor/nginx | "
                  "Netty floor/nginx |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for case, title in CASES.items():
        p = cells.get(f"{case}/pharos" if case != "cluster" else "cluster/pharos-x3")
        n = cells.get(f"{case}/nginx" if case != "cluster" else "small/nginx")
        h = cells.get(f"{case}/haproxy" if case != "cluster" else "small/haproxy")
        f = cells.get(f"{case}/vertx-floor")
        nf = cells.get(f"{case}/netty-floor")
        if p is None or n is None:
            continue
        if not p["available"]:
            lines.append(f"| {title} | not available | | | | | | | | |")
            continue
        get = lambda c, k: c.get(k) if c and c["available"] else None
        lines.append(f"| {title} | {fmt(ratio(get(p, 'maxRps'), get(n, 'maxRps')), 2)} | "
                     f"{fmt(ratio(get(p, 'maxRps'), get(h, 'maxRps')), 2)} | "
                     f"{fmt(ratio(get(p, 'requestsPerCpuSecond'), get(n, 'requestsPerCpuSecond')), 2)} | "
                     f"{fmt(ratio(get(p, 'requestsPerCpuSecond'), get(h, 'requestsPerCpuSecond')), 2)} | "
                     f"{fmt(ratio(get(p, 'p99'), get(n, 'p99')), 2)} | {fmt(ratio(get(p, 'p99'), get(h, 'p99')), 2)} | "
                     f"{fmt(ratio(get(p, 'maxRps'), get(f, 'maxRps')), 2)} | "
                     f"{fmt(ratio(get(f, 'maxRps'), get(n, 'maxRps')), 2)} | "
                     f"{fmt(ratio(get(nf, 'maxRps'), get(n, 'maxRps')), 2)} |")
    loaded = max((c["peakRssMiB"] for k, c in cells.items() if k.endswith("/pharos") and c["available"]), default=None)
    lines += ["", f"Pharos node RSS: {fmt(idle_mib)} MiB idle (goal < 200), {fmt(loaded)} MiB at most under load "
                  f"(goal < 400). Ratios of p99 are Pharos's p99 over the other's: below 1 is better. Requests per CPU-second "
                  f"count the server's own CPU time (all its processes and threads) during the max run: on a shared "
                  f"machine it is steadier than the rate, which depends on how much CPU the others leave. The floors are the "
                  f"least a reverse proxy does on Vert.x (FloorProxy) and on Netty alone (NettyFloorProxy): the ceilings "
                  f"of a proxy on Pharos's framework and of a JVM proxy with Netty's HTTP codec on this core."]
    return "\n".join(lines) + "\n"


def read_machine(out):
    machine = {}
    for line in open(os.path.join(out, "machine.txt")):
        if ":" in line:
            key, value = line.split(":", 1)
            key, value = key.strip(), value.strip()
            machine.setdefault(key, value)
    machine["model"] = machine.get("Model name", "?")
    machine["cpus"] = machine.get("CPU(s)", "?")
    return machine


def main():
    out, idle_kib = sys.argv[1], int(sys.argv[2] or 0)
    unavailable = {}
    for line in os.environ.get("UNAVAILABLE_TSV", "").splitlines():
        if "\t" in line:
            key, reason = line.split("\t", 1)
            unavailable[key] = reason
    runs = [json.loads(l) for l in open(os.path.join(out, "runs.jsonl")) if l.strip()]
    cells = summarise(runs, unavailable)
    machine = read_machine(out)
    idle_mib = idle_kib / 1024
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump({"machine": machine, "pharosIdleRssMiB": idle_mib, "cells": list(cells.values()), "runs": runs}, f,
                  indent=2)
    table = markdown(cells, machine, idle_mib)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(table)
    print(table)


if __name__ == "__main__":
    main()

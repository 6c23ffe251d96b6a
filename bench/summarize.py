#!/usr/bin/env python3
"""Aggregates bench/run.sh's raw JSON lines into medians, ratios and goal checks (Markdown + JSON)."""
import json
import statistics
import sys
from collections import defaultdict

raw_path, md_path, json_path = sys.argv[1:4]
rows = [json.loads(line) for line in open(raw_path) if line.strip()]
groups = defaultdict(list)
for row in rows:
    groups[(row["proxy"], row["case"])].append(row)


def preferred(reps):
    """With 3+ repetitions the noisiest one (highest load average when it started) is dropped."""
    if len(reps) >= 3:
        noisiest = max(reps, key=lambda r: r.get("load1", 0))
        reps = [r for r in reps if r is not noisiest]
    return reps


def med(proxy, case, key):
    reps = [r for r in preferred(groups.get((proxy, case), [])) if key in r]
    return statistics.median(r[key] for r in reps) if reps else None


proxies = sorted({p for p, _ in groups}, key=lambda p: (p == "direct", p.startswith("ours") is False and p != "mtls", p))
summary = {}
for proxy in proxies:
    s = {}
    for conns in (16, 64):
        s[f"cpu_us_per_req_c{conns}"] = med(proxy, f"wrk{conns}", "cpu_us_per_req")
        s[f"rps_c{conns}"] = med(proxy, f"wrk{conns}", "rps")
        s[f"proxy_core_util_c{conns}"] = med(proxy, f"wrk{conns}", "proxy_core_util")
    for rate in (1000, 5000):
        for p in ("p50_us", "p99_us"):
            v = med(proxy, f"rate{rate}", p)
            d = med("direct", f"rate{rate}", p)
            s[f"{p}_at_{rate}"] = v
            s[f"added_{p}_at_{rate}"] = (v - d) if v is not None and d is not None and proxy != "direct" else None
        s[f"achieved_rps_at_{rate}"] = med(proxy, f"rate{rate}", "achieved_rps")
        cpu = med(proxy, f"rate{rate}", "cpu_us_per_req_at_rate")
        s[f"cpu_us_per_req_at_{rate}"] = cpu if proxy != "direct" else None
        # The share of the proxy core the rate takes. Near 1 the core is saturated, and the latency at that rate is
        # queueing (an open-loop generator keeps sending), not the proxy's own delay.
        s[f"core_busy_at_{rate}"] = round(cpu * rate / 1e6, 2) if cpu and proxy != "direct" else None
    for k in ("startup_rss_kb", "idle_rss_kb", "peak_rss_kb"):
        v = med(proxy, "memory", k)
        s[k.replace("_kb", "_mb")] = round(v / 1024, 1) if v is not None else None
    summary[proxy] = s

loads = [r["load1"] for r in rows if "load1" in r]
noise = {"load1_min": min(loads) if loads else None, "load1_median": statistics.median(loads) if loads else None,
         "load1_max": max(loads) if loads else None, "rounds": max((r["round"] for r in rows), default=0)}


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def peers(proxy):
    """Who a proxy of ours is compared with: the plain proxies with haproxy and nginx, the mTLS pair with haproxy's pair."""
    if proxy == "mtls":
        return ["haproxy-mtls"]
    return ["haproxy", "nginx"] if proxy.startswith("ours") else []


ratios = {}
for proxy in proxies:
    for other in peers(proxy):
        if other not in summary:
            continue
        for conns in (16, 64):
            ratios[f"{proxy}/{other} cpu_per_req c{conns}"] = ratio(summary[proxy][f"cpu_us_per_req_c{conns}"], summary[other][f"cpu_us_per_req_c{conns}"])
            ratios[f"{proxy}/{other} rps c{conns}"] = ratio(summary[proxy][f"rps_c{conns}"], summary[other][f"rps_c{conns}"])
        for rate in (1000, 5000):
            ratios[f"{proxy}/{other} cpu_per_req @{rate // 1000}k"] = ratio(summary[proxy][f"cpu_us_per_req_at_{rate}"], summary[other][f"cpu_us_per_req_at_{rate}"])

json.dump({"summary": summary, "ratios": ratios, "noise": noise, "raw": rows}, open(json_path, "w"), indent=2)


def fmt(v, digits=1):
    return "–" if v is None else (f"{v:,.{digits}f}" if isinstance(v, float) else f"{v:,}")


lines = ["# Proxy benchmark " + md_path.rsplit("/", 1)[-1].removesuffix(".md"), "",
         f"Rounds: {noise['rounds']}. Load average (1 min) at the measurements: min {noise['load1_min']}, median {noise['load1_median']}, max {noise['load1_max']} on 2 cores "
         "(other builds ran on this machine; CPU time per request is the figure least disturbed by them). "
         "Medians over the rounds; with 3+ rounds the noisiest repetition of each figure (highest load) is dropped.", "",
         "CPU µs/req @1k and @5k is the proxy's CPU time over the requests of the fixed-rate run; core busy is that times "
         "the rate. Near 1.00 the proxy core is saturated at that rate, and its latency there is the queue an open-loop "
         "generator builds, not the proxy's own delay.", "",
         "| proxy | CPU µs/req c16 | CPU µs/req c64 | RPS c16 | RPS c64 | proxy core busy c64 | CPU µs/req @1k / @5k (core busy @5k) | added p50/p99 µs @1k | added p50/p99 µs @5k | idle / peak RSS MB |",
         "|---|---|---|---|---|---|---|---|---|---|"]
for proxy in proxies:
    s = summary[proxy]
    lines.append(f"| {proxy} | {fmt(s['cpu_us_per_req_c16'])} | {fmt(s['cpu_us_per_req_c64'])} | {fmt(s['rps_c16'], 0)} | {fmt(s['rps_c64'], 0)} | "
                 f"{fmt(s['proxy_core_util_c64'], 2)} | {fmt(s['cpu_us_per_req_at_1000'])} / {fmt(s['cpu_us_per_req_at_5000'])} ({fmt(s['core_busy_at_5000'], 2)}) | "
                 f"{fmt(s['added_p50_us_at_1000'])} / {fmt(s['added_p99_us_at_1000'])} | "
                 f"{fmt(s['added_p50_us_at_5000'])} / {fmt(s['added_p99_us_at_5000'])} | {fmt(s['idle_rss_mb'])} / {fmt(s['peak_rss_mb'])} |")
lines += ["", "Direct (no proxy) latency, µs p50/p99: @1k " + f"{fmt(summary.get('direct', {}).get('p50_us_at_1000'))} / {fmt(summary.get('direct', {}).get('p99_us_at_1000'))}, "
          f"@5k {fmt(summary.get('direct', {}).get('p50_us_at_5000'))} / {fmt(summary.get('direct', {}).get('p99_us_at_5000'))}", "",
          "## Ratios", "", "| ratio | value |", "|---|---|"]
lines += [f"| {k} | {fmt(v, 2)} |" for k, v in ratios.items()]
goals = []
for proxy in proxies:
    if not peers(proxy):
        continue
    s = summary[proxy]
    cpu = s["cpu_us_per_req_c64"]
    peer = peers(proxy)[0]
    h = summary.get(peer, {}).get("cpu_us_per_req_c64")
    goals.append(f"| {proxy} | {fmt(ratio(cpu, h), 2)} ÷ {peer} (≤ 1.5) | {fmt(cpu)} / {fmt(s['cpu_us_per_req_at_1000'])} (≤ 200) | "
                 f"{fmt(s['added_p99_us_at_1000'])} (< 1000) | {fmt(s['idle_rss_mb'])} (< 60) |")
rounds_rows = []
for proxy in proxies:
    for r in sorted(groups.get((proxy, "wrk64"), []), key=lambda r: r["round"]):
        threads = r.get("threads") or {}
        kinds = sorted(threads.items(), key=lambda kv: -kv[1]["cpu_us_per_req"])
        shown = ", ".join(f"{k} {v['cpu_us_per_req']:.1f}" for k, v in kinds if v["cpu_us_per_req"] >= 0.5)
        switches = sum(v["switches_per_req"] for v in threads.values())
        rounds_rows.append(f"| {proxy} | {r['round']} | {fmt(r['cpu_us_per_req'])} | {shown or '–'} | {switches:.3f} | {r.get('load1')} |")
if rounds_rows:
    lines += ["", "## Every round at c=64: CPU µs/request by thread kind, thread switches per request", "",
              "| proxy | round | CPU µs/req | by thread kind (µs/req) | switches/req | load |", "|---|---|---|---|---|---|"] + rounds_rows
lines += ["", "## Goals (issue 7)", "", "| proxy | CPU/req (c64) ÷ peer | CPU µs/req c64 / @1k | added p99 µs @1k | idle RSS MB |", "|---|---|---|---|---|"] + goals
lines += ["", "The mTLS rows are the two-proxy path: their CPU is both proxies' together, against Istio's 200 µs for one proxy."]
open(md_path, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))

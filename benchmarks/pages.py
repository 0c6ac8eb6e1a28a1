"""Throughput of the portal's busiest pages as a ratio to a bare Django view, interleaved (issue 12).

Usage, after `python -m benchmarks.generate --database NAME [--scale N]` (needs `wrk`: apt-get install wrk):
    .venv/bin/python -m benchmarks.pages --database NAME [--rounds 3] [--seconds 4] [--port 8160] [--only a,b]

Serves the checkout with gunicorn (2 sync workers, DEBUG off) on the generated database and, for each
page, alternates short wrk runs (2 threads, 20 connections) of the page and of its reference: the bare
page view (one indexed query, a small template) or, for the verify API, the bare JSON view (one
indexed lookup). Prints the medians of req/s, mean and p95 latency, and of the per-round ratio
page/reference, with `uptime` before and after: on a shared machine only the ratios mean something.
Then renders each page in-process to split its time into SQL and Python (max SQL ms per request).
Meanwhile a thread flushes the verify API's usage counters from Redis every few seconds, as beat does.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .generate import bench_env

ROOT = Path.cwd()
LUA = Path(__file__).resolve().parent / "bench.lua"
REFERENCE, REFERENCE_JSON = "/bench/reference/?id=1", "/bench/reference.json"
# name, path, who (admin / partner / none), method
PAGES = [
    ("audit list", "/audit/", "admin", "GET"),
    ("filtered audit list", "/audit/?module=apikeys&outcome=failure&date_from={month_ago}", "admin", "GET"),
    ("link review queue", "/policies/links/", "admin", "GET"),
    ("admin partner list", "/partners/", "admin", "GET"),
    ("admin partner search", "/partners/?q={search}", "admin", "GET"),
    ("portal frame", "/bench/frame/?id=1", "partner", "GET"),  # the reference inside the portal's layout
    ("partner dashboard", "/dashboard/", "partner", "GET"),
    ("API key list", "/apikeys/", "partner", "GET"),
    ("trust store", "/certificates/trust-store/", "admin", "GET"),
    ("verify API", "/api/v1/apikeys/verify", "none", "POST"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--port", type=int, default=8160)
    parser.add_argument("--only", default="", help="Comma-separated page names (default: every page).")
    parser.add_argument("--no-profile", action="store_true", help="Skip the in-process SQL/Python split.")
    parser.add_argument("--anonymous-reference", action="store_true",
                        help="Request the reference without the page's session cookie (by default it carries it, "
                             "so it pays the session and session-user load the page pays).")
    args = parser.parse_args()
    os.environ.update(bench_env(args.database) | {"ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest storage needs it
    actors = json.loads((ROOT / "var" / f"bench-{args.database}.json").read_text())
    pages = _pages(actors, args.only)
    cookies = {"admin": _session(actors["admin"]), "partner": _session(actors["partner_user"]), "none": ""}
    print(f"{args.database} at {time.strftime('%Y-%m-%d %H:%M:%S')}; uptime: {_uptime()}")
    server = _start_gunicorn(args.port)
    try:
        with _usage_flusher():
            results = _measure(pages, cookies, actors["keys"], args)
    finally:
        server.terminate()
        server.wait(timeout=20)
    _print_table(results)
    print(f"uptime after: {_uptime()}")
    if not args.no_profile:
        _profile(pages, actors)


def _pages(actors: dict, only: str) -> list[tuple]:
    from datetime import date, timedelta

    values = {"search": actors["search"], "month_ago": (date.today() - timedelta(days=30)).isoformat()}
    wanted = {name.strip() for name in only.split(",") if name.strip()}
    return [(name, path.format(**values), who, method) for name, path, who, method in PAGES
            if not wanted or name in wanted]


def _session(user_id: int) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from partners.models import User

    user = User.objects.get(pk=user_id)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.LANGUAGE_COOKIE_NAME}=en"


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _start_gunicorn(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "pms.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--log-level", "warning"], cwd=ROOT, env={**os.environ})
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


@contextmanager
def _usage_flusher():
    """What beat does in production while the verify API is called: flush its usage counters from Redis to the
    database every PMS_USAGE_FLUSH_SECONDS (apikeys/usage.py), so that their cost is in the figures."""
    from django.conf import settings
    from django.db import connection

    from apikeys import usage

    stop = threading.Event()

    def flush_until_stopped():
        while not stop.wait(settings.PMS_USAGE_FLUSH_SECONDS):
            usage.flush()
        usage.flush()
        connection.close()

    flusher = threading.Thread(target=flush_until_stopped, daemon=True)
    flusher.start()
    try:
        yield
    finally:
        stop.set()
        flusher.join(timeout=60)


def _measure(pages, cookies, keys, args) -> list[dict]:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as key_file:
        key_file.write("\n".join(keys))
    base = f"http://127.0.0.1:{args.port}"
    results = []
    for name, path, who, method in pages:
        reference = REFERENCE_JSON if method == "POST" else REFERENCE
        runs = {"page": [], "reference": []}
        for target in (path, reference):  # warm-up: templates, connections
            _wrk(base + target, cookies[who], method, key_file.name, 1)
        for n in range(args.rounds):
            order = [("page", path), ("reference", reference)]
            for kind, target in order if n % 2 == 0 else reversed(order):
                cookie = "" if kind == "reference" and args.anonymous_reference else cookies[who]
                runs[kind].append(_wrk(base + target, cookie, method, key_file.name, args.seconds))
        results.append(_summary(name, runs))
        print(f"  measured {name}: {results[-1]['rps']:.0f} req/s, ratio {results[-1]['ratio']:.2f} "
              f"(rounds {results[-1]['ratio_min']:.2f}–{results[-1]['ratio_max']:.2f})", flush=True)
    os.unlink(key_file.name)
    return results


def _wrk(url: str, cookie: str, method: str, key_file: str, seconds: int) -> dict:
    command = ["wrk", "-t2", "-c20", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    env = {**os.environ, "BENCH_METHOD": method, "BENCH_KEYS": key_file}
    output = subprocess.run(command, capture_output=True, text=True, env=env, timeout=seconds + 30).stdout
    _drain(url)
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no summary for {url}:\n{output}")
    data = json.loads(line[6:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    if data["errors"]:
        print(f"  warning: {data['errors']} errors or non-2xx answers on {url}", flush=True)
    return data


def _drain(url: str) -> None:
    """Wait until the requests wrk left queued in the listen backlog are served, so the next run starts clean."""
    health = url.split("/", 3)[:3] + ["healthz"]
    for _ in range(2):
        urllib.request.urlopen("/".join(health), timeout=60).read()


def _summary(name: str, runs: dict) -> dict:
    page, reference = runs["page"], runs["reference"]
    ratios = [p["rps"] / max(r["rps"], 0.01) for p, r in zip(page, reference, strict=True)]
    return {
        "name": name, "rps": statistics.median(r["rps"] for r in page),
        "mean_ms": statistics.median(r["mean_us"] for r in page) / 1000,
        "p95_ms": statistics.median(r["p95_us"] for r in page) / 1000,
        "ref_rps": statistics.median(r["rps"] for r in reference), "ratio": statistics.median(ratios),
        "ratio_min": min(ratios), "ratio_max": max(ratios),
        "errors": sum(r["errors"] for r in page),
    }


def _print_table(results: list[dict]) -> None:
    print("| page | req/s | mean ms | p95 ms | reference req/s | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in results:
        errors = f" ({r['errors']} errors)" if r["errors"] else ""
        print(f"| {r['name']}{errors} | {r['rps']:.0f} | {r['mean_ms']:.1f} | {r['p95_ms']:.1f} | "
              f"{r['ref_rps']:.0f} | {r['ratio']:.2f} |")


def _profile(pages, actors, requests: int = 15) -> None:
    """Each page rendered in-process: queries, SQL ms (median and max over the requests), total ms (median).

    On a loaded machine the max catches a scheduling pause as often as a slow query: read it with the median."""
    from django.db import connection
    from django.test import Client

    from partners.models import User

    clients = {"none": Client()}
    for who, key in (("admin", "admin"), ("partner", "partner_user")):
        clients[who] = Client()
        clients[who].force_login(User.objects.get(pk=actors[key]))
    print("| page | queries | SQL ms (median) | SQL ms (max) | total ms (median) |")
    print("|---|---:|---:|---:|---:|")
    for name, path, who, method in pages:
        sql, totals, count = [], [], 0
        for n in range(requests + 2):
            timer = _SqlTimer()
            started = time.perf_counter()
            with connection.execute_wrapper(timer):
                _request(clients[who], method, path, actors["keys"][n])
            if n >= 2:  # the first requests fill caches
                totals.append(time.perf_counter() - started)
                sql.append(timer.seconds)
                count = timer.count
        print(f"| {name} | {count} | {statistics.median(sql) * 1000:.1f} | {max(sql) * 1000:.1f} | "
              f"{statistics.median(totals) * 1000:.1f} |")


def _request(client, method: str, path: str, key: str) -> None:
    if method == "POST":
        response = client.post(path, json.dumps({"apiKey": key}), content_type="application/json")
    else:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")


class _SqlTimer:
    def __init__(self):
        self.seconds, self.count = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


if __name__ == "__main__":
    main()

"""Load for `manage.py bench`: wrk when installed, else a small Python client.

Either way the load comes from a separate process, so the server's CPU time and
the client's are not mixed up in one interpreter, and either way it is bounded:
it stops after `seconds` or after `max_requests` responses, whichever is first.
Both report the same figures as one JSON object: requests, requests per second,
p50 and p99 latency in milliseconds, responses that were not 2xx (only 4xx and
5xx from wrk, which does not look at other statuses) and socket errors.

The Python client runs as `python -m kexue.devtools.loadgen URL --seconds S --connections C
--max-requests N`. It imports nothing from Django.
"""

import argparse
import http.client
import json
import math
import shutil
import subprocess
import threading
import time
import urllib.parse

MARKER = "KEXUE-LOAD "
# What every browser sends: a server or proxy that compresses gets to show it.
ACCEPT_ENCODING = "gzip"

# Every wrk thread has its own Lua state and stops asking at its share of the
# limit. There is deliberately no response() hook: with one, wrk copies every
# body into Lua, which costs the client about a third of its speed on large
# pages; `manage.py bench` reads the statuses from gunicorn's access log
# instead. wrk itself counts statuses of 400 and above.
WRK_SCRIPT = r"""
function init(args)
  limit = tonumber(args[1])
  sent = 0
end

function request()
  sent = sent + 1
  if sent > limit then
    wrk.thread:stop()
  end
  return wrk.format()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p99_ms": %.3f, "non_2xx": %d, '
      .. '"errors": %d}\n',
    "KEXUE-LOAD ", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_available():
    return shutil.which("wrk") is not None


def run_wrk(url, seconds, connections, max_requests, script_path, timeout=10, cookie=""):
    """Drive `url` with wrk; returns the result dict. `cookie`: a Cookie header
    every request sends (a member's session)."""
    with open(script_path, "w") as script:
        script.write(WRK_SCRIPT)
    threads = max(1, min(2, connections))
    per_thread = math.ceil(max_requests / threads)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={timeout}s",
        "-H",
        f"Accept-Encoding: {ACCEPT_ENCODING}",
        *(["-H", f"Cookie: {cookie}"] if cookie else []),
        "-s",
        str(script_path),
        url,
        "--",
        str(per_thread),
    ]
    finished = subprocess.run(  # noqa: S603 - fixed program, arguments built here
        command, capture_output=True, text=True, timeout=seconds + timeout + 30, check=False
    )
    return parse_report(finished.stdout, finished.stderr, "wrk")


def run_python(url, seconds, connections, max_requests, python, cookie=""):
    """Drive `url` with this module's client in a child process; returns the result dict."""
    command = [
        python,
        "-m",
        "kexue.devtools.loadgen",
        url,
        "--seconds",
        str(seconds),
        "--connections",
        str(connections),
        "--max-requests",
        str(max_requests),
        *(["--cookie", cookie] if cookie else []),
    ]
    finished = subprocess.run(  # noqa: S603 - this interpreter running this module
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    return parse_report(finished.stdout, finished.stderr, "python")


def parse_report(stdout, stderr, tool):
    for line in stdout.splitlines():
        if line.startswith(MARKER):
            result = json.loads(line[len(MARKER) :])
            result["requests_per_second"] = result["requests"] / max(result["seconds"], 1e-9)
            result["tool"] = tool
            return result
    raise RuntimeError(f"{tool} printed no result:\n{stdout}\n{stderr}")


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def python_load(url, seconds, connections, max_requests, cookie=""):
    """Keep-alive HTTP/1.1 GETs from `connections` threads; returns the result dict."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lock = threading.Lock()
    budget = [max_requests]
    latencies, non_2xx, errors = [], [0], [0]
    deadline = time.monotonic() + seconds
    headers = {"Accept-Encoding": ACCEPT_ENCODING, **({"Cookie": cookie} if cookie else {})}

    def take_one():
        with lock:
            if budget[0] <= 0:
                return False
            budget[0] -= 1
            return True

    def client():
        mine, bad, failed = [], 0, 0
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline and take_one():
            started = time.perf_counter()
            try:
                connection.request("GET", target, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            bad += not 200 <= response.status < 300
        connection.close()
        with lock:
            latencies.extend(mine)
            non_2xx[0] += bad
            errors[0] += failed

    started = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "non_2xx": non_2xx[0],
        "errors": errors[0],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description="Bounded HTTP load against one URL.")
    parser.add_argument("url")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--cookie", default="", help="A Cookie header for every request.")
    options = parser.parse_args(argv)
    host = urllib.parse.urlsplit(options.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("load goes to loopback only")
    result = python_load(
        options.url, options.seconds, options.connections, options.max_requests, options.cookie
    )
    print(MARKER + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()

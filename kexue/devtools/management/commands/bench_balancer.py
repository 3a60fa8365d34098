"""`make bench-balancer`: the micro-cache's rate against nginx's static floor."""

import os
import re
import shutil
import subprocess
import tempfile

from django.core.management.base import BaseCommand, CommandError

from kexue.devtools.balancer import Balancer

RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
NON_2XX = re.compile(r"Non-2xx or 3xx responses: (\d+)")


class Command(BaseCommand):
    help = (
        "Start the two-host balancer of make test-balancer on the settings' database and "
        "measure with wrk, interleaved: the home page from nginx's micro-cache, the same "
        "page as a static file from nginx (the floor), and through the balancer without "
        "the micro-cache (Django's page cache on two hosts). Prints req/s and the load."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=8)
        parser.add_argument("--rounds", type=int, default=2)
        parser.add_argument("--connections", type=int, default=16)

    def handle(self, *args, seconds, rounds, connections, **options):
        wrk = shutil.which("wrk")
        if not wrk:
            raise CommandError("wrk is missing (apt-get install wrk)")
        directory = tempfile.mkdtemp(prefix="kexue-bench-balancer-")
        balancer = Balancer(directory, {})
        targets = {
            "nginx static floor": balancer.url("/floor.html", micro_cache=True),
            "nginx micro-cache": balancer.url("/", micro_cache=True),
            "two hosts, Django page cache": balancer.url("/"),
        }
        rates = {name: [] for name in targets}
        try:
            balancer.start()
            balancer.save_floor("/")
            for _ in range(rounds):
                for name, url in targets.items():
                    rates[name].append(self.measure(wrk, url, seconds, connections))
        finally:
            balancer.stop()
            shutil.rmtree(directory, ignore_errors=True)
        load = os.getloadavg()
        self.stdout.write(
            f"wrk -t2 -c{connections} -d{seconds}s, {rounds} rounds interleaved; "
            f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} cores"
        )
        floor = max(rates["nginx static floor"])
        for name, values in rates.items():
            shown = " / ".join(f"{value:,.0f}" for value in values)
            self.stdout.write(f"{name:30} {shown:>24} req/s  {max(values) / floor:6.1%} of floor")

    def measure(self, wrk, url, seconds, connections):
        result = subprocess.run(  # noqa: S603 - wrk against the local harness
            [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", url],
            capture_output=True, text=True, timeout=seconds + 60,
        )  # fmt: skip
        failed = NON_2XX.search(result.stdout)
        if result.returncode or not RATE.search(result.stdout) or failed:
            raise CommandError(f"wrk {url}:\n{result.stdout}{result.stderr}")
        return float(RATE.search(result.stdout).group(1))

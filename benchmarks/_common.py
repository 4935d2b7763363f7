"""Shared by the benchmark scripts: the repository on sys.path, load, memory, JSON output.

The scripts measure; they are not tests. Each prints one JSON line of figures, with the load
of the machine (1-minute load average and cores) beside them, since timings on a shared
machine mean little without it.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # this checkout's etl/ and dashboard/, not an installed copy


def load() -> dict[str, float]:
    one, five, _ = os.getloadavg()
    return {"load_1min": round(one, 2), "load_5min": round(five, 2), "cores": os.cpu_count()}


def emit(figures: dict) -> None:
    print(json.dumps(figures, sort_keys=False, default=str), flush=True)


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                out += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    return out


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        total += rss_mb(current)
        todo += _children(current)
    return total


class PeakMemory:
    """Samples a process tree's memory every 0.2 s while it runs: peak of the sum."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.peak_main = pid, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            self.peak_main = max(self.peak_main, rss_mb(self.pid))
            time.sleep(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def run_measured(command: list[str], env: dict | None = None) -> dict:
    """Run a command; its wall time, exit code and peak memory (whole process tree)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
    meter = PeakMemory(process.pid)
    stdout, stderr = process.communicate()
    meter.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(cpu, 2),  # the whole tree's, workers included
        "returncode": process.returncode,
        "peak_rss_mb": round(meter.peak, 1),
        "peak_rss_main_mb": round(meter.peak_main, 1),
        "stdout": stdout,
        "stderr": stderr[-2000:],
    }


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
            "max_ms": round(ordered[-1], 1), "n": len(ordered)}  # fmt: skip

"""Incremental rebuild: one new file added to a built corpus, then removed again.

    python benchmarks/incremental.py --corpus CORPUS --data DATA

DATA must hold a build of CORPUS made by this code (benchmarks/etl_throughput.py --keep
DATA does that). A new synthetic document is written into CORPUS, the build is run again
(timed inside the child process, and as a whole process with Python's start-up), then the
file is removed and the build run once more, which restores the corpus. Prints one JSON
line: seconds, documents processed and reused, peak memory, load.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from _common import REPO, emit, load, run_measured

from etl import synth

_DRIVER = """
import json, sys, time
sys.path.insert(0, sys.argv[3])
start = time.perf_counter()
from etl.pipeline import build
imported = time.perf_counter()
result = build(sys.argv[1], sys.argv[2])
print(json.dumps({"build_seconds": time.perf_counter() - imported,
                  "import_seconds": imported - start,
                  "processed": result.processed, "reused": result.reused}))
"""


def rebuild(corpus: Path, data: Path) -> dict:
    before = load()
    result = run_measured([sys.executable, "-c", _DRIVER, str(corpus), str(data), str(REPO)])
    if result["returncode"] != 0:
        raise SystemExit(result["stderr"])
    inner = json.loads(result["stdout"].strip().splitlines()[-1])
    return {"build_seconds": round(inner["build_seconds"], 2),
            "process_seconds": result["seconds"],
            "processed": inner["processed"], "reused": inner["reused"],
            "peak_rss_mb": result["peak_rss_mb"], "load_before": before}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    expected = json.loads((args.corpus / ".expected.json").read_text())
    with tempfile.TemporaryDirectory() as scratch:
        synth.generate(Path(scratch), 1, seed=987654)
        new = next(Path(scratch).rglob("*.txt"))
        added = args.corpus / "added-by-benchmark" / "new.txt"
        added.parent.mkdir(exist_ok=True)
        shutil.copy(new, added)
    try:
        add = rebuild(args.corpus, args.data)
    finally:
        shutil.rmtree(added.parent)
    remove = rebuild(args.corpus, args.data)
    emit({"benchmark": "incremental", "articles": expected["articles"],
          "documents": expected["documents"], "add_one_file": add,
          "remove_one_file": remove})  # fmt: skip


if __name__ == "__main__":
    main()

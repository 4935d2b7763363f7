"""ETL throughput: MB of text per second on one core and on all, peak memory, and recall.

    python benchmarks/etl_throughput.py --articles 1000 [--corpus DIR] [--workers 1,2]

Writes a synthetic corpus (etl.synth, seeded) unless --corpus names one already written,
builds it from scratch (--full) once per worker count in a child process, and prints one
JSON line: input MB (documents) and article-text MB, seconds, MB/s, speed-up over one
worker, peak resident memory of the build's whole process tree, and how much of what was
planted the build found.
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
from etl.store import read_manifest

# Runs in a child process: the build alone is timed, not Python's start-up and imports.
_DRIVER = """
import json, sys, time
sys.path.insert(0, sys.argv[4])
from etl.pipeline import build
start = time.perf_counter()
result = build(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), full=True)
print(json.dumps({"build_seconds": time.perf_counter() - start, "processed": result.processed}))
"""


def article_text_mb(data: Path) -> float:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    manifest = read_manifest(data)
    text = pq.read_table(manifest.table_path(data, "articles"), columns=["text"])["text"]
    return pc.sum(pc.binary_length(pc.cast(text, "binary"))).as_py() / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, help="corpus folder (written if missing)")
    parser.add_argument("--workers", default="1,all", help="worker counts, comma-separated")
    parser.add_argument("--keep", type=Path, help="keep the last build in this data folder")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="etl-bench-"))
    corpus = args.corpus or scratch / "corpus"
    if not (corpus / ".expected.json").exists():
        synth.generate(corpus, args.articles, args.seed)
    expected = json.loads((corpus / ".expected.json").read_text())
    figures: dict = {"benchmark": "etl_throughput", "articles": expected["articles"],
                     "documents": expected["documents"],
                     "input_mb": round(expected["bytes"] / 1e6, 2)}  # fmt: skip
    from etl.pipeline import available_cores

    counts = [available_cores() if w == "all" else int(w) for w in args.workers.split(",")]
    runs = []
    for workers in counts:
        data = args.keep if args.keep and workers == counts[-1] else scratch / f"data-{workers}"
        before = load()
        result = run_measured([sys.executable, "-c", _DRIVER, str(corpus), str(data),
                               str(workers), str(REPO)])  # fmt: skip
        if result["returncode"] != 0:
            raise SystemExit(result["stderr"])
        seconds = round(json.loads(result["stdout"].strip().splitlines()[-1])["build_seconds"], 2)
        text_mb = article_text_mb(data)
        runs.append({"workers": workers, "seconds": seconds,
                     "process_seconds": result["seconds"],
                     "cpu_seconds": result["cpu_seconds"],
                     # per core, whatever else runs on the machine: MB per CPU-second
                     "input_mb_per_cpu_s": round(figures["input_mb"] / result["cpu_seconds"], 3),
                     "input_mb_per_s": round(figures["input_mb"] / seconds, 3),
                     "article_text_mb": round(text_mb, 2),
                     "article_text_mb_per_s": round(text_mb / seconds, 3),
                     "peak_rss_mb": result["peak_rss_mb"],
                     "peak_rss_main_mb": result["peak_rss_main_mb"],
                     "load_before": before, "load_after": load()})  # fmt: skip
        figures["recall"] = synth.score(corpus, data)
    base = runs[0]["seconds"]
    for run in runs:
        run["speedup"] = round(base / run["seconds"], 2)
    figures["runs"] = runs
    emit(figures)
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Command line: `python -m etl build --input DIR --out DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

REPO = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = REPO / "seeds"
DEFAULT_OUT = REPO / "data"
DEFAULT_GOLD = REPO / "tests" / "gold"

BUILD_EXIT_CODES = """exit codes:
  0  built; every document was used (empty and duplicate files are skipped, not failures)
  1  no build: the input, the settings or the data folder is unusable, or another build
     is running on it; the previous data is unchanged
  2  wrong command-line usage
  3  built, but some documents could not be used (status error; listed above the exit)
"""
EXIT_DOCUMENTS_FAILED = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser(
        "build",
        help="build the Parquet tables from a folder",
        epilog=BUILD_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_cmd.add_argument("--input", type=Path, default=DEFAULT_INPUT, help="folder of documents")
    build_cmd.add_argument("--out", type=Path, default=DEFAULT_OUT, help="data folder to write")
    build_cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    build_cmd.add_argument(
        "--workers",
        type=int,
        default=None,
        help="processes extracting documents (default: every core; one for a small corpus)",
    )
    build_cmd.add_argument(
        "--full",
        action="store_true",
        help="process every document again, even those the current build already holds",
    )
    build_cmd.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=NAME",
        help="column of CSV/JSON records holding FIELD (title, date, url, text, outlet); "
        "repeat for several fields and several names (tried in order)",
    )
    eval_cmd = commands.add_parser("eval", help="score a build against the gold files")
    eval_cmd.add_argument(
        "--data",
        type=Path,
        default=None,
        help="score this build (default: build each gold set fresh)",
    )
    eval_cmd.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder")
    eval_cmd.add_argument("--brief", action="store_true", help="scores only, no lists")
    args = parser.parse_args(argv)
    if args.command == "build":
        try:
            columns = _column_options(args.column)
        except ValueError as exc:
            parser.error(str(exc))
        return _build(
            args.input,
            args.out,
            quiet=args.quiet,
            columns=columns,
            workers=args.workers,
            full=args.full,
        )
    if args.command == "eval":
        return _eval(args.data, args.gold, brief=args.brief)
    return 2


def _eval(data_dir: Path | None, gold_dir: Path, *, brief: bool) -> int:
    """Score the engagements of each gold set: its documents built fresh, or --data as built."""
    import tempfile

    from etl import evaluate
    from etl.pipeline import BuildError, build

    gold_sets = [("seed gold", REPO / "seeds", gold_dir / "engagements_seeds.csv")]
    # Every further set of written articles: tests/gold/<name>/docs + engagements.csv.
    for folder in sorted(p for p in gold_dir.iterdir() if (p / "docs").is_dir()):
        if not (folder / "engagements.csv").exists():
            print(f"note: {folder} has documents but no engagements.csv yet; skipped")
            continue
        gold_sets.append((f"{folder.name} gold", folder / "docs", folder / "engagements.csv"))
    for name, docs, gold_file in gold_sets:
        if not gold_file.exists():
            print(f"error: gold file not found: {gold_file}", file=sys.stderr)
            return 1
        with tempfile.TemporaryDirectory() as scratch:
            target = data_dir
            if target is None:
                target = Path(scratch)
                try:
                    built = build(docs, target)
                except BuildError as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    return 1
                if built.warnings:
                    # An extractor that failed on an article loses its rows: say so first.
                    print(f"== {name}: {len(built.warnings)} extraction warnings ==")
                    print("\n".join(f"  ! {w}" for w in built.warnings[:20]))
            system = evaluate.load_system_engagements(target)
            for background, label in ((True, "all records"), (False, "background=0")):
                gold = evaluate.load_gold_engagements(gold_file, include_background=background)
                report = evaluate.evaluate_engagements(gold, system)
                show = not brief and background
                print(
                    evaluate.format_engagement_report(report, f"{name}, {label}", show_lists=show)
                )
                print()
            negatives_file = gold_file.parent / (
                "engagements_negatives.csv" if name == "seed gold" else "negatives.csv"
            )
            if negatives_file.exists():
                total, hits = evaluate.negatives_reported(negatives_file, target)
                print(
                    f"== {name}: hard negatives reported as engagements: {len(hits)} of {total} =="
                )
                if not brief:
                    print("\n".join(hits))
                print()
            if name == "seed gold":
                partnership_gold = gold_dir / "partnerships_seeds.csv"
                if partnership_gold.exists():
                    report = evaluate.evaluate_partnerships(
                        evaluate.load_gold_partnerships(partnership_gold),
                        evaluate.load_system_partnerships(target),
                    )
                    print(evaluate.format_partnership_report(report, show_lists=not brief))
                    print()
            quote_gold = (
                gold_dir / "quotes_seeds.csv"
                if name == "seed gold"
                else (gold_file.parent / "quotes.csv")
            )
            if quote_gold.exists():
                from etl import evaluate_quotes

                report = evaluate_quotes.evaluate_quotes(
                    evaluate_quotes.load_gold_quotes(quote_gold, docs),
                    evaluate_quotes.load_system_quotes(target, docs),
                )
                print(evaluate_quotes.format_quote_report(report, name, show_lists=not brief))
                print()
        if data_dir is not None:
            break  # an existing build is scored against the seed gold only
    return 0


def _column_options(values: list[str]) -> dict[str, list[str]]:
    from etl.formats import parse_column_option

    columns: dict[str, list[str]] = {}
    for value in values:
        name, column = parse_column_option(value)
        columns.setdefault(name, []).append(column)
    return columns


def _build(
    input_dir: Path,
    out_dir: Path,
    *,
    quiet: bool,
    columns: dict[str, list[str]],
    workers: int | None = None,
    full: bool = False,
) -> int:
    from etl.formats import options_for
    from etl.pipeline import BuildError, build

    bar = tqdm(total=0, unit="doc", desc="Building", disable=quiet, file=sys.stderr)

    def progress(done: int, total: int, path: str) -> None:
        bar.total = total
        bar.set_postfix_str(path[-40:], refresh=False)
        bar.update(done - bar.n)

    try:
        options = options_for(input_dir, columns) if input_dir.is_dir() else None
        result = build(
            input_dir,
            out_dir,
            progress=progress,
            reader_options=options,
            workers=workers,
            full=full,
        )
    except ValueError as exc:  # the settings file or a --column
        bar.close()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except (BuildError, FileNotFoundError, PermissionError) as exc:
        bar.close()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    bar.close()
    counts = result.counts
    print(f"Built snapshot {result.manifest.run_id} in {out_dir}")
    print(
        f"  processed {result.processed} documents, reused {result.reused} unchanged "
        "from the previous build"
    )
    for label, table in (
        ("documents", "documents"),
        ("articles", "articles"),
        ("engagements", "engagements"),
        ("events", "events"),
        ("partnerships", "partnerships"),
        ("reference", "partnership_reference"),
        ("quotes", "quotes"),
        ("warnings", "warnings"),
    ):
        print(f"  {label:<13}{counts.get(table, 0):>7}")
    unused = len(result.failed_documents) + len(result.skipped_documents)
    if unused:
        print(f"Documents not used ({unused}):", file=sys.stderr)
    for failure in result.failed_documents:
        print(f"  failed: {failure}", file=sys.stderr)
    for skipped in result.skipped_documents:
        print(f"  skipped: {skipped}", file=sys.stderr)
    if result.noted_documents:
        print(f"Documents read with notes ({len(result.noted_documents)}):", file=sys.stderr)
    for noted in result.noted_documents:
        print(f"  note: {noted}", file=sys.stderr)
    for warning in result.warnings[:20]:
        print(f"  warning: {warning}", file=sys.stderr)
    if len(result.warnings) > 20:
        print(
            f"  ... {len(result.warnings) - 20} more warnings in the warnings table",
            file=sys.stderr,
        )
    return EXIT_DOCUMENTS_FAILED if result.failed_documents else 0


if __name__ == "__main__":
    raise SystemExit(main())

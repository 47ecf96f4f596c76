"""What a run says while it runs: one line per stage with counts and timings.

The pipeline reports each stage to a Progress; the default one keeps quiet (the plain runner,
tests, benchmarks), `Progress(print)` prints (the CLI's flow). Kept apart from the pipeline so
the sequence of stages reads without its wording.
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from yaodian.commitments.extract import is_scored


class Progress:
    """Stage reports, each turned into lines given to `say` (None: said nowhere)."""

    def __init__(self, say: Callable[[str], None] | None = None):
        self.say = say or (lambda line: None)

    def started(self, n_files: int, output) -> None:
        self.say(f"yaodian: {n_files} input file(s), output to {output}")

    def sources(self, results: list, cached: int, seconds: float) -> None:
        for result in results:
            self._source(result)
        read = sum(r.segmented is not None for r in results)
        self.say(f"  sources   {read}/{len(results)} file(s) read, {cached} unchanged since a "
                 f"previous run ({seconds:.2f} s)")

    def _source(self, result) -> None:
        row = result.source_row
        if result.segmented is None:
            self.say(f"  skip      {row['source_file']}: {row['error']}")
            return
        drafts = result.segmented.docs
        # "utf-8" for text, "html utf-8" for a page, "docx" for a Word file (its encoding is "docx")
        read_as = row["encoding"] if row["format"] in ("text", row["encoding"]) else f"{row['format']} {row['encoding']}"
        self.say(f"  read      {row['source_file']}  {read_as}  {row['n_lines']} lines  "
                 f"{sum(d.kind == 'body' for d in drafts)} bodies, {sum(d.kind == 'outline' for d in drafts)} "
                 f"outlines, {len(result.segmented.toc)} TOC entries")
        for anomaly in result.anomalies:  # what a page or Word file left out is a note, damage a warning
            label = "note    " if anomaly["kind"] == "content_dropped" else "warning "
            self.say(f"  {label}  {row['source_file']}:{anomaly['line_no']}: {anomaly['detail']}")

    def assembled(self, tables: dict[str, pa.Table], seconds: float) -> None:
        items = tables["items"]
        with_body = sum(items.column("has_body").to_pylist())
        self.say(f"  assemble  {tables['documents'].num_rows} documents, {tables['sections'].num_rows} sections, "
                 f"{items.num_rows} items ({with_body} with body), {tables['residue'].num_rows} residue, "
                 f"{tables['anomalies'].num_rows} anomalies ({seconds:.2f} s)")
        rows = tables["commitments"].to_pylist()
        scored = [r for r in rows if is_scored(r)]
        kinds = {name: sum(r[name] is not None for r in scored) for name in ("period", "unit", "deadline")}
        self.say(f"  commit    {len(scored)} commitments ({kinds['period']} with a period, {kinds['unit']} with a "
                 f"count, {kinds['deadline']} with a deadline) and {len(rows) - len(scored)} vague regularity rows")

    def validated(self, headline: str, seconds: float) -> None:
        self.say(f"  validate  {headline} ({seconds:.2f} s)")

    def site_built(self, built) -> None:
        self.say(f"  site      {built.pages} pages, {built.files} files, {built.bytes / 1e6:.1f} MB ({built.seconds:.2f} s)")

    def published(self, rid: str, output, seconds: float) -> None:
        self.say(f"  publish   release {rid} → {output} ({seconds:.2f} s)")

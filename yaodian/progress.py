"""What a run says while it runs: one line per stage with counts and timings.

The pipeline reports each stage to a Progress; the default one keeps quiet (the plain runner,
tests, benchmarks), `Progress(print)` prints (the CLI's flow). Kept apart from the pipeline so
the sequence of stages reads without its wording.
"""

from __future__ import annotations

from collections.abc import Callable


class Progress:
    """Stage reports, each turned into lines given to `say` (None: said nowhere)."""

    def __init__(self, say: Callable[[str], None] | None = None):
        self.say = say or (lambda line: None)

    def started(self, n_files: int, output) -> None:
        self.say(f"yaodian: {n_files} input file(s), output to {output}")

    def sources(self, processed: list, cached: int, seconds: float) -> None:
        for source in processed:
            self._source(source)
        read = sum(p.read for p in processed)
        self.say(f"  sources   {read}/{len(processed)} file(s) read, {cached} unchanged since a "
                 f"previous run ({seconds:.2f} s)")

    def _source(self, source) -> None:
        row = source.source_row
        if not source.read:
            self.say(f"  skip      {row['source_file']}: {row['error']}")
            return
        drafts = source.drafts
        # "utf-8" for text, "html utf-8" for a page, "docx" for a Word file (its encoding is "docx")
        read_as = row["encoding"] if row["format"] in ("text", row["encoding"]) else f"{row['format']} {row['encoding']}"
        self.say(f"  read      {row['source_file']}  {read_as}  {row['n_lines']} lines  "
                 f"{drafts['bodies']} bodies, {drafts['outlines']} outlines, {drafts['toc']} TOC entries")
        for anomaly in source.anomalies:  # what a page or Word file left out is a note, damage a warning
            label = "note    " if anomaly["kind"] == "content_dropped" else "warning "
            self.say(f"  {label}  {row['source_file']}:{anomaly['line_no']}: {anomaly['detail']}")

    def assembled(self, parts: list, seconds: float) -> None:
        """The rows of the fragments (yaodian.fragments) a run assembled."""
        rows = {name: sum(p.rows[name] for p in parts) for name in parts[0].rows}
        stats = {name: sum(p.stats[name] for p in parts) for name in parts[0].stats}
        self.say(f"  assemble  {rows['documents']} documents, {rows['sections']} sections, "
                 f"{rows['items']} items ({stats['items_with_body']} with body), {rows['residue']} residue, "
                 f"{rows['anomalies']} anomalies in {len(parts)} fragment(s) ({seconds:.2f} s)")
        self.say(f"  commit    {stats['scored']} commitments ({stats['period']} with a period, {stats['unit']} with a "
                 f"count, {stats['deadline']} with a deadline) and {rows['commitments'] - stats['scored']} vague "
                 "regularity rows")

    def validated(self, headline: str, seconds: float) -> None:
        self.say(f"  validate  {headline} ({seconds:.2f} s)")

    def site_built(self, built) -> None:
        self.say(f"  site      {built.pages} pages, {built.files} files, {built.bytes / 1e6:.1f} MB ({built.seconds:.2f} s)")

    def published(self, rid: str, output, seconds: float) -> None:
        self.say(f"  publish   release {rid} → {output} ({seconds:.2f} s)")

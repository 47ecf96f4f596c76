"""Values the checks need from other tables, row-aligned with the table they check.

Great Expectations validates one table at a time. Checks across tables (an item's
section exists, the evidence is at its offsets in the item's text, a deadline falls in
the plan's year, every input line is accounted for, plan rows' spans lie in their file and
apart) are expressed as a derived frame per
table: its key columns and the values looked up elsewhere, one row per row of the table
in the same order, so a failing row's position is the position of the published row.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pyarrow as pa

from yaodian import rules
from yaodian.quality import accounting


def documents(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Each plan's counts as its sections and items rows give them; where its span is."""
    out = _frame(tables, "documents", ["doc_id", "n_sections", "n_items", "n_items_with_body", "body_status"])
    items = _frame(tables, "items", ["doc_id", "has_body"])
    out["sections_found"] = _count(out.doc_id, _frame(tables, "sections", ["doc_id"]).doc_id)
    out["items_found"] = _count(out.doc_id, items.doc_id)
    out["items_with_body_found"] = _count(out.doc_id, items.doc_id[items.has_body.fillna(False).astype(bool)])
    out["any_item_has_body"] = out["items_with_body_found"] > 0
    return _spans(tables, "documents", out)


def sections(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Whether the plan exists, and the number the section should have (1…n, after a 0 if any)."""
    out = _frame(tables, "sections", ["doc_id", "section_no"])
    out["document_found"] = out.doc_id.isin(_frame(tables, "documents", ["doc_id"]).doc_id)
    per_doc = out.groupby("doc_id", dropna=False).section_no
    starts_at_zero = (per_doc.transform("min") == 0).astype("Int64")
    out["section_no_expected"] = per_doc.rank(method="first").astype("Int64") - starts_at_zero
    return _spans(tables, "sections", out)


def items(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Whether the plan and the section exist, the number the item should have (1…n), whether
    its title and text are empty, and where its span is."""
    out = _frame(tables, "items", ["doc_id", "section_no", "item_no", "title", "text", "lead_units"])
    out["lead_units_in_text"] = [_written(units, text) for units, text in zip(out.pop("lead_units"), out.text, strict=True)]
    out["title_missing"], out["text_missing"] = out.pop("title").isna(), out.pop("text").isna()
    out["document_found"] = out.doc_id.isin(_frame(tables, "documents", ["doc_id"]).doc_id)
    out["section_found"] = _exists(out, _frame(tables, "sections", ["doc_id", "section_no"]))
    out["item_no_expected"] = out.groupby("doc_id", dropna=False).item_no.rank(method="first").astype("Int64")
    return _spans(tables, "items", out)


def _written(units: object, text: object) -> bool:
    """Whether every 、-joined unit is written in the item's text (no units: nothing to find)."""
    if not isinstance(units, str):
        return True
    return isinstance(text, str) and all(unit and unit in text for unit in units.split("、"))


def _spans(tables: dict[str, pa.Table], name: str, out: pd.DataFrame) -> pd.DataFrame:
    """`out` with whether each plan row's span lies in its file, and apart from every other's."""
    out["span_in_source"] = accounting.spans_in_source(tables, name)
    overlapping = accounting.overlapping(tables)[name]
    out["span_apart"] = [position not in overlapping for position in range(len(out))]
    return out


def commitments(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """The item's section and its text at the offsets, the plan year beside a date deadline, percentages."""
    com = _frame(tables, "commitments", ["commitment_id", "doc_id", "section_no", "item_no", "evidence", "clause",
                                         "deadline", "char_start", "char_end", "count_min", "count_max", "unit",
                                         "activity", "activity_start", "activity_end"])
    items = _frame(tables, "items", ["doc_id", "section_no", "item_no", "text"])
    items = items.dropna(subset=["doc_id", "item_no"]).drop_duplicates(["doc_id", "item_no"])
    out = com[["commitment_id", "doc_id", "section_no", "item_no", "evidence", "deadline"]].copy()
    out["item_found"] = _exists(com, items[["doc_id", "item_no"]])
    item = com[["doc_id", "item_no"]].merge(items, how="left", on=["doc_id", "item_no"])
    out["item_section_no"] = item.section_no.set_axis(com.index)
    text = item.text
    out["text_at_offsets"] = _at_offsets(text, com.char_start, com.char_end, com.index)
    out["activity"] = com.activity
    out["activity_at_offsets"] = _at_offsets(text, com.activity_start, com.activity_end, com.index).where(
        com.activity.notna())
    out["activity_in_sentence"] = _in_sentence(text, com)
    out["deadline_year_fits"] = _deadline_year_fits(tables, com)
    out["percent"] = _share(com)
    out["magnitude_applied"] = _magnitude_applied(com)
    return out


def _in_sentence(text: pd.Series, com: pd.DataFrame) -> pd.Series:
    """Whether each activity lies in its evidence's sentence: no sentence end or line break between
    the two spans (rows with no activity pass)."""
    ends = re.compile(f"[{re.escape(rules.table('layout')['sentence_end'])}\n]")
    out = []
    for t, a0, a1, e0, e1 in zip(text, com.activity_start, com.activity_end, com.char_start, com.char_end, strict=True):
        if not isinstance(t, str) or any(pd.isna(v) for v in (a0, a1, e0, e1)):
            out.append(True)
            continue
        between = t[int(min(a1, e1)):int(max(a0, e0))]  # empty where the spans overlap
        out.append(ends.search(between) is None)
    return pd.Series(out, index=com.index)


def _at_offsets(text: pd.Series, starts: pd.Series, ends: pd.Series, index: pd.Index) -> pd.Series:
    """Each item text's slice at the offsets. Offsets that cannot hold a phrase give "", never
    empty: empty would skip the check."""
    return pd.Series([t[s:e] if isinstance(t, str) and pd.notna(s) and pd.notna(e) and 0 <= s < e else ""
                      for t, s, e in zip(text, starts, ends, strict=True)], dtype="string", index=index)


def _share(com: pd.DataFrame) -> pd.Series:
    """A share's value in percent (5‰ → 0.5), where the row states a share; null for growth rates
    (增长150% may pass 100) and for other units."""
    per_hundred = com.unit.map(rules.table("units")["shares"]).astype("float64")
    value = com.count_max.fillna(com.count_min) * per_hundred
    return value.where(per_hundred.notna() & ~_is_change(com.evidence))


def _magnitude_applied(com: pd.DataFrame) -> pd.Series:
    """Whether a count written with a magnitude (3.5亿元, 1.2万人) comes out multiplied: where the
    evidence's last number (the row's own count: a qualifier such as 投资5000万元以上的项目 comes
    before it) stands before 万 or 亿, that number times the magnitude is count_min or count_max.
    True for other rows (千 in 千米 is part of the unit; 5/10万 is a rate's base)."""
    units = rules.table("units")
    magnitudes = units["magnitudes"]
    last = re.compile(rf"(?<![/0-9.,])([0-9][0-9,]*(?:\.[0-9]+)?) ?({units['magnitude_pattern']})?(?!.*[0-9])", re.S)
    fits = []
    for evidence, low, high in zip(com.evidence, com.count_min, com.count_max, strict=True):
        found = last.search(evidence) if isinstance(evidence, str) else None
        if found is None or found.group(2) is None:
            fits.append(True)
            continue
        value = float(found.group(1).replace(",", "")) * magnitudes[found.group(2)]
        fits.append(any(math.isclose(value, c, rel_tol=1e-9) for c in (low, high) if pd.notna(c)))
    return pd.Series(fits, index=com.index, dtype=bool)


def _deadline_year_fits(tables: dict[str, pa.Table], com: pd.DataFrame) -> pd.Series:
    """Whether a date deadline is in its plan's year (or is the last day of the year before: 1月前),
    or its clause writes a year (`2007年,A达到96%,B达到30%`: B's clause starts at the year that
    dates it); True for rows without a date deadline."""
    is_date = com.deadline.str.match(r"^\d{4}-").fillna(False).astype(bool)
    year = com.deadline.str.slice(0, 4).where(is_date).astype("Int64")
    years = _frame(tables, "documents", ["doc_id", "plan_year"]).drop_duplicates("doc_id").set_index("doc_id").plan_year
    plan_year = com.doc_id.map(years).astype("Int64")
    written = com.clause.str.contains(r"(?:19|20)\d\d年", regex=True).fillna(False).astype(bool)
    year_before = com.deadline == (plan_year - 1).astype("string") + "-12-31"
    fits = ~is_date | written | (year == plan_year).fillna(False) | year_before.fillna(False)
    return fits.astype(bool)


def _is_change(evidence: pd.Series) -> pd.Series:
    """Whether a row's evidence states a change (增长150%): a growth rate, not a share."""
    verbs = "|".join(rules.table("comparators")["changes"])
    return evidence.str.contains(f"(?:{verbs})[0-9.]+%", regex=True).fillna(False).astype(bool)


def sources(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """How many of each read file's lines no table row accounts for."""
    missing = pd.Series([file for file, _ in accounting.unaccounted_lines(tables)], dtype="object").value_counts()
    out = _frame(tables, "sources", ["source_file", "n_lines"])
    out["lines_unaccounted"] = out.source_file.map(missing).fillna(0).astype("int64")
    return out


def residue(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Whether the residue's file is a known input file, and its span in that file's text."""
    out = _frame(tables, "residue", ["source_file", "line_no"])
    out["source_found"] = out.source_file.isin(_frame(tables, "sources", ["source_file"]).source_file)
    out["span_in_source"] = accounting.spans_in_source(tables, "residue")
    return out


def anomalies(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Whether the plan an anomaly names exists (empty when it names none)."""
    out = _frame(tables, "anomalies", ["doc_id", "kind"])
    known = out.doc_id.isin(_frame(tables, "documents", ["doc_id"]).doc_id)
    out["document_found"] = known.astype("boolean").mask(out.doc_id.isna())
    return out


# Table → its derived frame, in the order the report lists them.
def plans(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Each plan's scored commitments as the commitments table counts them."""
    out = _frame(tables, "plans", ["doc_id", "n_commitments"])
    com = _frame(tables, "commitments", ["doc_id", "regularity"])
    out["commitments_found"] = _count(out.doc_id, com.doc_id[com.regularity.isna()])
    return out


def commitments_flat(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """Whether each wide row's evidence is its commitment's (False when there is no such commitment)."""
    out = _frame(tables, "commitments_flat", ["commitment_id", "evidence"])
    com = _frame(tables, "commitments", ["commitment_id", "evidence"]).drop_duplicates("commitment_id")
    found = out[["commitment_id"]].merge(com, how="left", on="commitment_id").evidence.set_axis(out.index)
    out["matches_commitment"] = [isinstance(a, str) and a == b for a, b in zip(out.evidence, found, strict=True)]
    return out


BUILDERS = {"documents": documents, "sections": sections, "items": items, "commitments": commitments,
            "sources": sources, "residue": residue, "anomalies": anomalies, "plans": plans,
            "commitments_flat": commitments_flat}


def _frame(tables: dict[str, pa.Table], name: str, columns: list[str]) -> pd.DataFrame:
    """The named columns of a table as pandas with nullable dtypes; KeyError if one is missing."""
    missing = [c for c in columns if c not in tables[name].column_names]
    if missing:
        raise KeyError(f"{name} has no column {', '.join(missing)}")
    return tables[name].select(columns).to_pandas(types_mapper=_NULLABLE.get)


_NULLABLE = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.int16(): pd.Int16Dtype(),
             pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(),
             pa.bool_(): pd.BooleanDtype()}


def _count(keys: pd.Series, among: pd.Series) -> pd.Series:
    return keys.map(among.value_counts()).fillna(0).astype("int64")


def _exists(rows: pd.DataFrame, parent: pd.DataFrame) -> pd.Series:
    """Whether each row's key (the parent's columns) is a row of `parent`."""
    key = list(parent.columns)
    # pandas joins empty keys to empty keys; an empty key refers to nothing.
    parent = parent.dropna().drop_duplicates().assign(_found=True)
    found = rows[key].merge(parent, how="left", on=key)["_found"]
    return found.fillna(False).astype(bool).set_axis(rows.index)

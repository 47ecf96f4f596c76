"""Generate yaodian/rules/traditional.tsv: traditional character → simplified character, one per line.

The pipeline reads traditional-character copies of plans through their simplified equivalent
(yaodian/rules/script.py), one character for one character, so every offset stays put. This
script derives that table from OpenCC's TSCharacters.txt (traditional → simplified characters,
Apache-2.0) as shipped inside a package from PyPI; the pipeline reads only the generated table
and never needs OpenCC at run time.

Regenerate (OpenCC's wheels hold only compiled .ocd2 dictionaries; its sdist holds the text):

    .venv/bin/pip download --no-deps --no-binary :all: --no-build-isolation OpenCC==1.4.2 -d /tmp/opencc
    .venv/bin/python tools/traditional_table.py /tmp/opencc/opencc-1.4.2.tar.gz

Any sdist (.tar.gz) or wheel (.whl, a zip) holding a TSCharacters.txt and package metadata
works (opencc-python-reimplemented's wheel does too). --check compares instead of writing.

Selection, per TSCharacters.txt line `key<TAB>candidate candidate ...`:
  * the first candidate, unless it is not exactly one character or equals the key (skipped:
    OpenCC lists the key itself first where it keeps the character, e.g. 藉, 瞭);
  * a candidate must take as many UTF-8 bytes (so also UTF-16 units) as the key: offsets in
    bytes stay put as well as in characters. Where the first candidate crosses planes (mostly
    rare Extension B+ forms of names, fish and metals) the next candidate of the same width
    is taken (勣 → 绩, 鑪 → 炉, 頫 → 俯), or the key is left out;
  * chains are followed to their end (薴 → 苧 → 苎 gives 薴 → 苎), so no target is itself a
    key and converting twice is converting once.
"""

from __future__ import annotations

import argparse
import email.parser
import sys
import tarfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "yaodian" / "rules" / "traditional.tsv"
DICTIONARY = "TSCharacters.txt"


def read_archive(path: Path) -> tuple[str, dict[str, str]]:
    """TSCharacters.txt's text and the package metadata (Name, Version, License) from an sdist or wheel."""
    members: dict[str, bytes] = {}
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith(("/" + DICTIONARY, ".dist-info/METADATA")):
                    members[name] = archive.read(name)
    else:
        with tarfile.open(path) as archive:
            for member in archive.getmembers():
                # the sdist's own PKG-INFO sits at <name>-<version>/PKG-INFO (not the egg-info copy)
                if member.name.endswith("/" + DICTIONARY) or member.name.count("/") == 1 and member.name.endswith(
                        "/PKG-INFO"):
                    members[member.name] = archive.extractfile(member).read()
    dictionaries = sorted(n for n in members if n.endswith(DICTIONARY))
    metadata = [n for n in members if n.endswith(("METADATA", "PKG-INFO"))]
    if len(dictionaries) != 1 or len(metadata) != 1:
        sys.exit(f"{path}: expected one {DICTIONARY} and one metadata file, found {dictionaries} and {metadata}")
    headers = email.parser.BytesParser().parsebytes(members[metadata[0]], headersonly=True)
    meta = {key: headers.get(key, "") for key in ("Name", "Version", "License")}
    meta["file"] = dictionaries[0]
    return members[dictionaries[0]].decode("utf-8"), meta


def parse(text: str) -> dict[str, list[str]]:
    """OpenCC's `key<TAB>value value ...` lines (comments and blank lines skipped)."""
    entries: dict[str, list[str]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        if not values:
            sys.exit(f"{DICTIONARY}:{n}: no tab in {line!r}")
        if key in entries:
            sys.exit(f"{DICTIONARY}:{n}: {key} twice")
        entries[key] = values.split(" ")
    return entries


def width(ch: str) -> int:
    return len(ch.encode("utf-8"))


def select(entries: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, list]]:
    """The one-character mapping, and what was skipped or swapped (for the log)."""
    mapping: dict[str, str] = {}
    log: dict[str, list] = {"multi-character key": [], "first not one character": [], "identity": [],
                            "second candidate (plane)": [], "dropped (plane)": [], "chained": []}
    for key, candidates in entries.items():
        first = candidates[0]
        if len(key) != 1:
            log["multi-character key"].append(key)
        elif len(first) != 1:
            log["first not one character"].append(key)
        elif first == key:
            log["identity"].append(key)
        elif width(first) == width(key):
            mapping[key] = first
        else:
            same = [c for c in candidates[1:] if len(c) == 1 and c != key and width(c) == width(key)]
            if same:
                mapping[key] = same[0]
                log["second candidate (plane)"].append(f"{key}→{same[0]} (not {first})")
            else:
                log["dropped (plane)"].append(f"{key}→{first}")
    for key in list(mapping):
        seen = [key]
        while mapping[seen[-1]] in mapping:
            seen.append(mapping[seen[-1]])
            if seen[-1] in seen[:-1]:
                sys.exit(f"a cycle in {DICTIONARY}: {'→'.join(seen)}")
        if len(seen) > 1:
            log["chained"].append("→".join(seen + [mapping[seen[-1]]]))
            mapping[key] = mapping[seen[-1]]
    for key, target in mapping.items():
        assert len(key) == len(target) == 1 and width(key) == width(target) and target not in mapping, key
    return mapping, log


def render(mapping: dict[str, str], meta: dict[str, str]) -> str:
    header = [
        "# Traditional → simplified Chinese characters, one for one: <traditional><TAB><simplified>.",
        "# Read by yaodian/rules/script.py (to_simplified) so that rules written in simplified",
        "# characters match traditional copies of plans; every offset is kept.",
        f"# Source: {meta['file']} (OpenCC's TSCharacters.txt) from the PyPI package"
        f" {meta['Name']} {meta['Version']};",
        "# OpenCC (https://github.com/BYVoid/OpenCC) is licensed under the Apache License 2.0"
        f"{' (package metadata: ' + meta['License'] + ')' if meta['License'] else ''}.",
        "# Kept: the first candidate when it is one character, not the key itself, and as wide in UTF-8",
        "# (else the next candidate that is; else none); chains followed to their end.",
        "# Generated by tools/traditional_table.py; do not edit by hand. Regenerate with:",
        f"#   .venv/bin/pip download --no-deps --no-binary :all: --no-build-isolation {meta['Name']}=={meta['Version']}"
        " -d /tmp/opencc",
        "#   .venv/bin/python tools/traditional_table.py /tmp/opencc/<the downloaded file>",
        f"# {len(mapping)} characters.",
    ]
    body = [f"{key}\t{mapping[key]}" for key in sorted(mapping)]
    return "\n".join(header + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="an OpenCC sdist (.tar.gz) or wheel holding TSCharacters.txt")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(ROOT)}")
    parser.add_argument("--check", action="store_true", help="exit 1 if the output differs, write nothing")
    parser.add_argument("--verbose", "-v", action="store_true", help="list what was skipped, swapped or chained")
    args = parser.parse_args(argv)

    text, meta = read_archive(args.archive)
    mapping, log = select(parse(text))
    for reason, keys in log.items():
        print(f"{reason}: {len(keys)}", file=sys.stderr)
        if args.verbose and keys:
            print("  " + " ".join(keys), file=sys.stderr)
    table = render(mapping, meta)
    if args.check:
        same = args.output.exists() and args.output.read_text(encoding="utf-8") == table
        print(f"{args.output}: {'up to date' if same else 'differs'}", file=sys.stderr)
        return 0 if same else 1
    args.output.write_text(table, encoding="utf-8")
    print(f"{args.output}: {len(mapping)} characters", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m yaodian.release`: refresh the committed data dictionary (schemas/DATA_DICTIONARY.md)
from the declarations; a test fails while the two differ."""

from pathlib import Path

from yaodian.release.package import data_dictionary

target = Path(__file__).resolve().parents[2] / "schemas" / "DATA_DICTIONARY.md"
target.write_text(data_dictionary(), encoding="utf-8")
print(target)

"""Reading: every supported encoding decodes; bad files fail with file, line and reason."""

from __future__ import annotations

import codecs
import hashlib

import pytest

from yaodian.ingest.read import ReadError, decode, read_source
from yaodian.sources import process_source

TEXT = "市委组织部2026年意识形态工作要点\n一、锚定政治引领根本\n1.每月开展1次理论学习。\n"


@pytest.mark.parametrize("encoding, detected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
    ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
])
def test_decodes_supported_encodings(encoding, detected):
    decoded = decode(TEXT.encode(encoding))
    assert decoded.text == TEXT
    assert decoded.encoding == detected
    assert decoded.warnings == ()


def test_read_source_keeps_provenance(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    source = read_source(path, "dir/plan.txt")
    assert (source.name, source.size, source.encoding) == ("dir/plan.txt", len(TEXT.encode("gb18030")), "gb18030")
    assert source.sha256 == hashlib.sha256(TEXT.encode("gb18030")).hexdigest()


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b" \r\n\t\n", "only white space"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"%PDF-1.7\n", "PDF"),
    ("第一行\n第二行\x00\x01\x02二进制".encode(), "binary file"),
    (bytes(range(256)) * 4, "binary file"),
])
def test_bad_files_raise_with_reason(data, reason):
    with pytest.raises(ReadError) as info:
        decode(data, "bad.txt")
    assert reason in str(info.value)
    assert str(info.value).startswith("bad.txt")


def test_binary_error_names_the_line():
    with pytest.raises(ReadError) as info:
        decode("第一行\n第二行\n\x00\x01第三行".encode(), "bad.txt")
    assert info.value.line == 3
    assert str(info.value).startswith("bad.txt:3:")


def test_undecodable_names_file_line_and_bytes():
    data = "第一行\n".encode() + b"\x80\x80\xff\xfe\x81" * 50
    with pytest.raises(ReadError) as info:
        decode(data, "bad.txt")
    assert "undecodable" in info.value.reason and info.value.line == 2


@pytest.mark.parametrize("encoding, cut", [("utf-8", 2), ("gb18030", 1)])
def test_truncated_file_is_read_with_a_warning(encoding, cut):
    data = (TEXT + "第二段").encode(encoding)[:-cut]
    decoded = decode(data, "cut.txt")
    assert decoded.text == TEXT + "第二"
    [(line, message)] = decoded.warnings
    assert line == 4 and "truncated" in message


def test_a_few_bad_utf8_bytes_are_replaced_and_reported():
    data = bytearray((TEXT * 20).encode("utf-8"))
    data[100] = 0xFF
    decoded = decode(bytes(data), "damaged.txt")
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    assert decoded.warnings and all("replaced by U+FFFD" in m for _, m in decoded.warnings)


def test_unreadable_file_becomes_a_result_not_an_exception(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = process_source(path, "empty.txt")
    assert result.segmented is None
    assert result.source_row["status"] == "error" and result.source_row["error"] == "empty file"
    assert [a["kind"] for a in result.anomalies] == ["unreadable_file"]


def test_utf16_bom_alone_is_recognized():
    assert decode(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")).text == TEXT


def test_a_file_that_cannot_be_opened_is_reported(tmp_path):
    result = process_source(tmp_path / "gone.txt", "gone.txt")
    assert result.source_row["status"] == "error" and result.source_row["sha256"] is None
    assert result.anomalies[0]["detail"] == "No such file or directory"


def test_a_stray_control_byte_is_removed_and_reported_not_a_reason_to_reject_the_plan():
    body = "一、加强学习\n每月开展1次理论学习,撰写调研报告不少于4篇。\n" * 200
    decoded = decode((body + "二、\x00完善\x07制度\n" + body).encode("utf-8"), "plan.txt")
    assert "二、完善制度" in decoded.text and "\x07" not in decoded.text
    assert decoded.warnings == ((401, "2 control byte(s) removed (0x00, 0x07)"),)

"""Readers: every kind of bad input is one InputError that names the file and the reason."""

from __future__ import annotations

import pytest
import sample

from govkg.errors import InputError
from govkg.extract.text.readers import collect_inputs, expand_inputs, load_bytes, max_bytes, parse_size, read_document


@pytest.mark.parametrize("kind", sorted(sample.BAD_INPUTS))
def test_readers_bad_input_is_one_clear_error(tmp_path, formats_dir, kind):
    path, reason = sample.write_bad(kind, tmp_path, formats_dir)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.one_line() == f"{path}: {reason}"


def test_readers_size_limit_refuses_before_reading(tmp_path):
    path = sample.write_sparse(tmp_path / "huge.txt", 100 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert caught.value.one_line() == (f"{path}: is 100.0 MB, over the 20.0 MB limit; "
                                       "set GOVKG_MAX_BYTES to raise the limit")


@pytest.mark.parametrize("env, expected", [("", 20 * 1024 * 1024), ("1048576", 1048576), ("500KB", 512000),
                                           ("3mb", 3 * 1024 * 1024)])
def test_readers_size_limit_from_environment(monkeypatch, env, expected):
    monkeypatch.setenv("GOVKG_MAX_BYTES", env)
    assert max_bytes() == expected


@pytest.mark.parametrize("raw", ["lots", "-5", "0", "1.5MB"])
def test_readers_parse_size_rejects_non_sizes(raw):
    with pytest.raises(InputError, match="is not a size"):
        parse_size(raw)


def test_readers_size_limit_counts_stdin(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"x" * 2000)))
    with pytest.raises(InputError, match=r"^is over the 1000 bytes limit$"):
        load_bytes("-", max_bytes=1000)


def test_readers_vanished_file(tmp_path):
    path = tmp_path / "gone.txt"
    with pytest.raises(InputError) as caught:
        load_bytes(path)
    assert caught.value.one_line() == f"{path}: no longer exists (deleted or moved before it was read)"


def test_readers_collect_inputs_walks_folders_and_globs(tmp_path):
    for rel in ["a/1.txt", "a/b/2.HTML", "a/b/3.docx", "a/.hidden.txt", "a/.git/x.txt", "a/4.png", "c/5.pdf"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    paths, errors = collect_inputs([str(tmp_path / "a"), str(tmp_path / "c" / "*.pdf"), str(tmp_path / "none"),
                                    str(tmp_path / "z*.txt"), "-"])
    assert [p.replace(str(tmp_path), "") for p in paths] == ["/a/1.txt", "/a/b/2.HTML", "/a/b/3.docx", "/c/5.pdf", "-"]
    assert [e.one_line().replace(str(tmp_path), "") for e in errors] == [
        "/none: no such file or folder", "/z*.txt: no file matches this pattern"]


def test_readers_folder_without_reports_is_an_error(tmp_path):
    (tmp_path / "notes.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError) as caught:
        expand_inputs([str(tmp_path)])
    assert caught.value.one_line() == f"{tmp_path}: folder holds no report files (.txt, .html, .htm, .docx, .pdf)"


def _nested_page(depth: int) -> bytes:
    para = "<p>法治政府建设年度报告。本局坚持依法行政，全面推进法治政府建设各项工作。</p>" * 3
    return ("<html><body><div id='content'>" + para + "<div>" * depth + para + "</div>" * depth
            + "</div></body></html>").encode("utf-8")


def test_readers_html_nested_200000_deep_is_refused_at_once(tmp_path):
    page = tmp_path / "deep.html"
    page.write_bytes(_nested_page(200_000))
    with pytest.raises(InputError) as err:
        read_document(page)
    assert err.value.one_line() == (f"{page}: nests HTML elements 200,001 deep (limit 500); this is not a page "
                                    "a browser shows as an article; save the report text as .txt")


def test_readers_html_nested_below_the_limit_is_read(tmp_path):
    page = tmp_path / "deep.html"
    page.write_bytes(_nested_page(450))
    assert read_document(page).text.count("本局坚持依法行政") == 6

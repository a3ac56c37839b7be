"""The USB copy: README.txt for Notepad, a byte-identical zip, and Windows path checks."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from test_feeds import make_site  # shared fixture site (tests/ is on sys.path under pytest)

from gazette import bundle, pipeline


def built(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = pipeline.build(make_site(tmp_path), out, steps=(bundle.bundle_step,))
    assert result.ok, result.problems.errors
    return out


def test_readme_has_bom_crlf_and_says_how_to_use(tmp_path):
    out = built(tmp_path)
    raw = (out / bundle.README).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    text = raw.decode("utf-8-sig")
    for part in ("双击", "index.html", "不需要", "网络", "搜索", "Chromium 内核 64", "2022年第3期", "2022年第2期", "五台县人民政府办公室"):
        assert part in text, part


def test_zip_is_byte_identical_and_well_formed(tmp_path):
    out = built(tmp_path)
    first, second = tmp_path / "1" / "wutai-gongbao.zip", tmp_path / "2" / "wutai-gongbao.zip"
    bundle.make_zip(out, first)
    os.utime(out / "index.html", (1_700_000_000, 1_700_000_000))  # mtimes and modes must not matter
    os.chmod(out / "index.html", 0o600)
    bundle.make_zip(out, second)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names[0] == "wutai-gongbao/"
        assert names == sorted(names, key=lambda n: n.rstrip("/").split("/"))
        assert all(n.startswith("wutai-gongbao/") for n in names)
        assert "wutai-gongbao/index.html" in names and "wutai-gongbao/README.txt" in names
        files = [i for i in archive.infolist() if not i.is_dir()]
        assert len(files) == sum(1 for p in out.rglob("*") if p.is_file())
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert (info.external_attr >> 16) & 0o777 == (0o755 if info.is_dir() else 0o644)
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in files)
        assert archive.read("wutai-gongbao/index.html") == (out / "index.html").read_bytes()
    assert [p.name for p in first.parent.iterdir()] == ["wutai-gongbao.zip"]  # no temp file left
    assert first.stat().st_mode & 0o777 == 0o644


def test_zip_top_folder_date_and_self_exclusion(tmp_path):
    folder = tmp_path / "public"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text("a", encoding="utf-8")
    target = folder / "copy.zip"  # inside the folder: must not include itself
    bundle.make_zip(folder, target, top="gongbao", date=dt.date(2022, 7, 18))
    bundle.make_zip(folder, target, top="gongbao", date=dt.date(2022, 7, 18))
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["gongbao/", "gongbao/sub/", "gongbao/sub/a.txt"]
        assert {i.date_time for i in archive.infolist()} == {(2022, 7, 18, 0, 0, 0)}


def test_check_paths_reports_non_ascii_and_long_paths(tmp_path):
    out = built(tmp_path)
    assert bundle.check_paths(out) == []
    (out / "附件.pdf").write_bytes(b"%PDF")
    deep = out / ("d" * 120) / ("e" * 120)
    deep.mkdir(parents=True)
    (deep / "index.html").write_text("x", encoding="utf-8")
    messages = bundle.check_paths(out)
    assert any("附件.pdf" in m and "ASCII" in m for m in messages)
    assert any("e" * 120 + '/index.html"' in m and "260" not in m and "259" in m for m in messages)
    assert not any(m.startswith(f'路径 "{"d" * 120}"') for m in messages)  # 138 characters: fine


def test_bundle_step_warns_about_paths(tmp_path):
    root = make_site(tmp_path)
    (root / "assets" / "图标.svg").write_text("<svg/>", encoding="utf-8")
    result = pipeline.build(root, tmp_path / "out", steps=(bundle.bundle_step,))
    assert result.ok
    assert any(w.path == "assets/图标.svg" for w in result.problems.warnings)

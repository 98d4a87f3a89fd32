"""The guide slip as a PDF: Chinese text that reads back, A4 and A5 pages, rendered by poppler."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest

from referral_desk.store.database.ids import short_ref
from tests.commandline import run
from tests.fixtures import REFERRAL_DOWN, REFERRAL_EMERGENCY
from tests.marks import needs_font

pytestmark = [pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                 reason="poppler-utils (pdftoppm, pdftotext) is not installed"), needs_font]


def slip(argv, capsys):
    return run(["slip", *argv], capsys)


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def png_size(pdf, tmp_path, name: str) -> tuple[int, int]:
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-singlefile", str(pdf), str(tmp_path / name)], check=True)
    with open(tmp_path / f"{name}.png", "rb") as f:
        head = f.read(24)
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def test_the_slip_reads_back_in_chinese_on_a4_and_a5(db, db_path, tmp_path, capsys):
    a4, a5 = tmp_path / "a4.pdf", tmp_path / "a5.pdf"
    assert slip([short_ref(REFERRAL_EMERGENCY), "--out", str(a4), "--db", db], capsys)[0] == 0
    assert slip([REFERRAL_EMERGENCY, "--out", str(a5), "--paper", "A5", "--db", db], capsys)[0] == 0
    text = text_of(a4)
    for words in ("双向转诊引导单（上转）", "刘建军 男 58岁", "371502********", "急性心肌梗死", "冠县辛集镇中心卫生院",
                  "心血管内科", "无需再办理入院", "本引导单（留存", "0635-8273113", "0635-8273067"):
        assert words in text, words
    assert "待补充" in text or "0635" in text
    # A4 is 210 x 297 mm, A5 148 x 210 mm: at 50 dpi about 413 x 585 and 291 x 413 pixels.
    w4, h4 = png_size(a4, tmp_path, "a4")
    w5, h5 = png_size(a5, tmp_path, "a5")
    assert (abs(w4 - 413) <= 2, abs(h4 - 585) <= 2, abs(w5 - 291) <= 2, abs(h5 - 413) <= 2) == (True,) * 4
    with sqlite3.connect(db_path) as con:
        actions = [r[0] for r in con.execute(
            "SELECT summary FROM audit_entry WHERE action = 'export_slip' ORDER BY at")]
    assert len(actions) == 2 and "A5" in actions[1]


def test_the_downward_slip_sends_the_patient_to_the_receiving_unit(db, tmp_path, capsys):
    out = tmp_path / "down.pdf"
    assert slip([REFERRAL_DOWN, "--out", str(out), "--db", db], capsys)[0] == 0
    text = " ".join(text_of(out).split())
    assert "双向转诊引导单（下转）" in text and "东昌府区人民医院" in text and "消化内科" in text


def test_bad_input_gets_a_sentence_and_writes_nothing(db, tmp_path, capsys, monkeypatch):
    out = tmp_path / "x.pdf"
    code, _out, err = slip(["ZZZZZZ", "--out", str(out), "--db", db], capsys)
    assert code == 1 and "找不到转诊「ZZZZZZ」" in err and not out.exists()
    config = tmp_path / "config.toml"
    config.write_text('[desk]\nslip_font = "/nowhere/font.ttf"\n', encoding="utf-8")
    monkeypatch.setenv("REFERRAL_DESK_CONFIG", str(config))
    code, _out, err = slip([REFERRAL_DOWN, "--out", str(out), "--db", db], capsys)
    assert code == 1 and "配置的字体文件不存在" in err and not out.exists()
    monkeypatch.delenv("REFERRAL_DESK_CONFIG")
    (tmp_path / "a-file").write_text("")
    code, _out, err = slip([REFERRAL_DOWN, "--out", str(tmp_path / "a-file" / "x.pdf"), "--db", db], capsys)
    assert code == 2 and "a-file 不是文件夹" in err and "Traceback" not in err


def test_a_missing_font_is_said_in_words(tmp_path, monkeypatch):
    from referral_desk.domain.errors import DomainError
    from referral_desk.files import slip_pdf

    monkeypatch.setattr(slip_pdf, "FONT_CANDIDATES", [str(tmp_path / "none.ttf")])
    with pytest.raises(DomainError, match="找不到中文字体"):
        slip_pdf.find_font()

"""The guide slip as a PDF that prints on A4 or A5, with the Chinese text embedded (fpdf2)."""

from __future__ import annotations

import os
from pathlib import Path

from referral_desk.domain.errors import DomainError
from referral_desk.domain.slip import ASK, TITLE, GuideSlip

PAPERS = {"A4": (210, 297), "A5": (148, 210)}
# Fonts with the Chinese characters, where the desk's systems keep them (the first found is used).
FONT_CANDIDATES = [
    "C:/Windows/Fonts/simhei.ttf", "C:/Windows/Fonts/simsun.ttc", "C:/Windows/Fonts/msyh.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Medium.ttc",
]


# Digits, Latin letters and punctuation a Chinese-only face may lack (Droid Sans Fallback has none).
LATIN_FALLBACKS = ["C:/Windows/Fonts/arial.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                   "/System/Library/Fonts/Supplemental/Arial.ttf"]


def find_font(configured: str = "") -> Path:
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise DomainError(f"配置的字体文件不存在：{path}（slip_font）")
        return path
    for candidate in FONT_CANDIDATES:
        if os.path.isfile(candidate):
            return Path(candidate)
    raise DomainError("找不到中文字体，无法生成引导单 PDF：请在 config.toml 用 slip_font 指定一个 .ttf/.ttc 字体文件"
                      "（如 C:/Windows/Fonts/simhei.ttf，或安装 fonts-droid-fallback）")


def font_cache() -> Path:
    import platformdirs

    return platformdirs.user_cache_path("referral-desk", appauthor=False) / "fonts"


def _single_font(path: Path, cache: Path | None) -> Path:
    """fpdf2 embeds one font per file: the first face of a collection (.ttc) is taken out once."""
    if path.suffix.lower() != ".ttc":
        return path
    cache = cache or font_cache()
    out = cache / f"{path.stem}-0.ttf"
    if not out.exists():
        from fontTools.ttLib import TTCollection

        cache.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp")
        TTCollection(str(path)).fonts[0].save(str(tmp))
        tmp.replace(out)
    return out


def write_slip_pdf(slip: GuideSlip, out: Path, *, paper: str = "A4", font: Path, cache: Path | None = None) -> Path:
    from fpdf import FPDF
    from fpdf.enums import WrapMode, XPos, YPos

    if paper not in PAPERS:
        raise DomainError(f"纸张应为 A4 或 A5，收到「{paper}」")
    width, _height = PAPERS[paper]
    small = paper == "A5"
    pdf = FPDF(format=paper)
    pdf.set_margins(12 if small else 18, 12 if small else 18)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_title(f"{TITLE} {slip.ref}")
    pdf.set_creator("referral-desk")
    pdf.add_font("cjk", fname=str(_single_font(font, cache)))
    latin = next((f for f in LATIN_FALLBACKS if os.path.isfile(f)), None)
    if latin:
        pdf.add_font("latin", fname=latin)
        pdf.set_fallback_fonts(["latin"])
    pdf.add_page()
    body = 10 if small else 12
    line = 6 if small else 7.5
    inner = width - 2 * pdf.l_margin
    label_w = 26 if small else 32

    pdf.set_font("cjk", size=18 if small else 22)
    pdf.cell(inner, 12, f"{TITLE}（{slip.direction_label}）", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("cjk", size=body - 2)
    pdf.cell(inner, 6, f"编号 {slip.ref}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font("cjk", size=body)
    for label, value in slip.fields:
        y = pdf.get_y()
        lines = len(pdf.multi_cell(inner - label_w, line, value, wrapmode=WrapMode.CHAR, dry_run=True,
                                   output="LINES"))
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w, line * lines, label, border=1, align="C")
        pdf.multi_cell(inner - label_w, line, value, border=1, wrapmode=WrapMode.CHAR,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for head, text in (("请携带", slip.bring), ("办理地点", slip.where)):
        pdf.multi_cell(inner, line, f"{head}：{text}", wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.cell(inner, line, ASK, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for p in slip.phones:
        pdf.multi_cell(inner, line, f"    {p.line()}", wrapmode=WrapMode.CHAR,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font("cjk", size=body - 2)
    pdf.multi_cell(inner, line - 1, slip.note, wrapmode=WrapMode.CHAR, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(inner, line - 1, f"开具：{slip.issued}", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.output(str(out))  # a temp file, published whole by the caller (files.safe_output)
    return Path(out)

"""Is a patient suitable for downward referral (000 三; 001 附件 二/三)? Pure: the diagnosis in
words and the center's disease list go in, advice comes out: the group, why, what would exclude it,
warnings, and a refusal only where the seed says 不宜转诊 in so many words (001 附件 三).

The text is read the way a doctor writes it: several diagnoses in one line, qualifiers before or
after the disease ("重度支气管哮喘", "溃疡性结肠炎，非重度"), negations ("不伴并发症", "无手术指征"),
planned or past surgery ("拟行腹腔镜胆囊切除术", "术后"), and the common other names of each disease
(类风湿关节炎, UC, 上感), which are data of the list, as are the groups' complications.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# What a group's name restricts (000 三(2)), each with the words shown when it excludes.
LIMITS = {
    "not_severe": "限非重度",
    "mild_attack": "急性发作限轻度",
    "no_complication": "限不伴有并发症或伴随症",
    "no_severe_complication": "限不伴有极重度或严重的并发症",
    "non_surgical": "限非手术（内科）治疗",
}


@dataclass(frozen=True)
class Group:
    code: int
    name: str
    diagnoses: tuple[str, ...]
    synonyms: tuple[tuple[str, str], ...] = ()  # (other name, the diagnosis it means)
    limits: frozenset[str] = frozenset()
    complications: tuple[str, ...] = ()
    severe_terms: tuple[str, ...] = ()
    non_surgical_diagnoses: tuple[str, ...] = ()  # a diagnosis limited to medical treatment by its name


@dataclass(frozen=True)
class DiseaseList:
    """The center's list, one edition: editable and versioned (001 二(二)1 制订…病种清单)."""

    edition: int
    groups: tuple[Group, ...]
    stable: tuple[str, ...] = ()
    palliative: tuple[str, ...] = ()
    malignant: tuple[str, ...] = ()
    critical: tuple[str, ...] = ()
    specialised: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Advice:
    eligible: bool
    group: Group | None = None
    matched: str | None = None  # the list's diagnosis found in the text
    reasons: tuple[str, ...] = ()
    excluded_by: tuple[str, ...] = ()  # what would make the matched group not apply
    warnings: tuple[str, ...] = ()
    refused: str | None = None  # 001 附件 三: not to be referred, whatever the operator confirms
    edition: int = 0
    blank: bool = False  # nothing written yet: no advice to give

    def summary(self) -> str:
        if self.refused:
            return self.refused
        return "；".join(self.reasons)

    def as_json(self) -> dict:
        return {"eligible": self.eligible, "group": self.group.code if self.group else None,
                "matched": self.matched, "reasons": list(self.reasons), "excluded_by": list(self.excluded_by),
                "warnings": list(self.warnings), "refused": self.refused, "edition": self.edition}


_CLAUSE = re.compile(r"[，,；;。、/\n]")
# A qualifier is negated a few characters away ("不伴有并发症", "无明显并发症", "不伴有合并症与并发症");
# a disease only
# right after the word ("否认肺结核", "无休克"), so that "未控制的癫痫" stays a diagnosis.
_NEGATION = re.compile(r"(?:不|无|未|非|否认|排除|未见|没有)(?:[^，,；;。、]{0,6}(?:与|和|及|或))?[^，,；;。、]{0,3}$")
_DISEASE_NEGATION = re.compile(r"(?:否认|排除|无|不伴有?|未见|未合并|不合并|未发现)$")
_AFTER_NEGATION = re.compile(r"^(?:除外|已除外|待排)")
_HISTORY_BEFORE = re.compile(r"(?:既往|陈旧性?|曾患)[^，,；;。、]{0,2}$")
_HISTORY_AFTER = re.compile(r"^(?:病史|史|治愈|已愈)")
_SEVERITY = re.compile(r"极重度|中重度|轻中度|重度|重型|重症|严重|危重|中度|中型|轻度|轻型|轻症")
_SEVERE = {"极重度", "中重度", "重度", "重型", "重症", "严重", "危重"}
_MODERATE = {"轻中度", "中度", "中型"}
_COMPLICATION = re.compile(r"并发症|合并症|伴随症")
_SURGERY = re.compile(
    r"拟行[^，,；;。]{0,14}?术|(?:拟|需|须|需要|建议|择期|急诊)(?:行)?手术|手术治疗|"
    r"(?:切除|取石|引流|置管|成形|修补|造瘘|造口|吻合|摘除|开窗)术(?:后)?|术后")
_MEDICAL = re.compile(r"内科治疗|保守治疗|药物治疗|非手术|无手术指征|拒绝手术|不需手术|无需手术")
_ACUTE_ATTACK = re.compile(r"急性发作|发作期")
_STABLE_FIRST = re.compile(r"已纠正|已控制|稳定期|恢复期|已稳定")
_LATE = re.compile(r"晚期|终末期|Ⅳ期|IV期")


def normalise(text: str) -> str:
    """Full-width letters and digits folded, spaces dropped, Latin upper-cased ('ra' is 'RA')."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()


@dataclass
class _Mention:
    start: int
    end: int
    diagnosis: str
    group: Group
    said: str  # as written
    severity: set[str] = field(default_factory=set)
    complications: list[str] = field(default_factory=list)
    surgery: list[str] = field(default_factory=list)
    medical: bool = False


def _term_pattern(terms: list[str]) -> re.Pattern | None:
    """One alternation, longest first so that '慢性浅表性胃炎' wins over '胃炎'; Latin abbreviations
    only as whole words ('RA' is not inside 'CRAB')."""
    if not terms:
        return None
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        t = re.escape(normalise(term))
        parts.append(rf"(?<![A-Z]){t}(?![A-Z])" if re.fullmatch(r"[A-Z0-9-]+", normalise(term)) else t)
    return re.compile("|".join(parts))


class _Reader:
    """The diagnosis text with ignored phrases blanked, its clauses, and where a term is negated."""

    def __init__(self, text: str, ignore: tuple[str, ...]) -> None:
        self.text = text
        pattern = _term_pattern(list(ignore))
        self.masked = pattern.sub(lambda m: "□" * len(m.group()), text) if pattern else text

    def clause_of(self, at: int) -> tuple[int, int]:
        start = max((m.end() for m in _CLAUSE.finditer(self.masked, 0, at)), default=0)
        nxt = _CLAUSE.search(self.masked, at)
        return start, nxt.start() if nxt else len(self.masked)

    def negated(self, start: int, end: int, *, disease: bool = False) -> bool:
        c_start, c_end = self.clause_of(start)
        before = (_DISEASE_NEGATION if disease else _NEGATION).search(self.masked[c_start:start])
        return bool(before or _AFTER_NEGATION.search(self.masked[end:c_end]))

    def history(self, start: int, end: int) -> bool:
        c_start, c_end = self.clause_of(start)
        return bool(_HISTORY_BEFORE.search(self.masked[c_start:start]) or _HISTORY_AFTER.search(self.masked[end:c_end]))

    def current(self, pattern: re.Pattern | None) -> list[re.Match]:
        """The diseases or findings stated as present: not negated, not history."""
        if pattern is None:
            return []
        return [m for m in pattern.finditer(self.masked)
                if not self.negated(m.start(), m.end(), disease=True) and not self.history(m.start(), m.end())]


def _mentions(reader: _Reader, dl: DiseaseList) -> list[_Mention]:
    meaning: dict[str, tuple[str, Group]] = {}
    for g in dl.groups:
        for d in g.diagnoses:
            meaning.setdefault(normalise(d), (d, g))
        for other, d in g.synonyms:
            meaning.setdefault(normalise(other), (d, g))
    pattern = _term_pattern(list(meaning))
    found = []
    for m in reader.current(pattern):
        diagnosis, group = meaning[m.group()]
        found.append(_Mention(m.start(), m.end(), diagnosis, group, m.group()))
    return found


def _nearest(mentions: list[_Mention], reader: _Reader, start: int, end: int, *, prefer_before: bool) -> _Mention | None:
    """The disease a qualifier speaks of: in its clause, the adjacent one (a prefix such as 重度
    reads forward, a tail such as 伴并发症 backward); in a clause of its own, the disease before it."""
    c_start, c_end = reader.clause_of(start)
    same = [m for m in mentions if c_start <= m.start < c_end]
    if same:
        before = [m for m in same if m.end <= start]
        after = [m for m in same if m.start >= end]
        inside = [m for m in same if m.start <= start and end <= m.end]
        if inside:
            return inside[0]
        if after and (not prefer_before or not before) and (not before or after[0].start - end <= start - before[-1].end):
            return after[0]
        return before[-1] if before else after[0]
    earlier = [m for m in mentions if m.end <= start]
    if earlier:
        return earlier[-1]
    return mentions[0] if mentions else None


def _qualify(mentions: list[_Mention], reader: _Reader) -> None:
    for m in _SEVERITY.finditer(reader.masked):
        word = m.group()
        negated = reader.negated(m.start(), m.end())
        target = _nearest(mentions, reader, m.start(), m.end(), prefer_before=False)
        if target is not None:
            target.severity.add(("非" if negated else "") + word)
    for mention in mentions:
        for term in _severe_terms(mention.group, reader):
            mention.severity.add(term)
    for m in _COMPLICATION.finditer(reader.masked):
        if reader.negated(m.start(), m.end()):
            continue
        c_start, _ = reader.clause_of(m.start())
        sev = _SEVERITY.search(reader.masked[max(c_start, m.start() - 4):m.start()])
        target = _nearest(mentions, reader, m.start(), m.end(), prefer_before=True)
        if target is not None:
            target.complications.append(("严重" if sev and sev.group() in _SEVERE else "") + m.group())
    for mention in mentions:
        pattern = _term_pattern(list(mention.group.complications))
        for m in reader.current(pattern):
            if not (mention.start <= m.start() < mention.end):
                mention.complications.append("严重:" + m.group())
    for m in _SURGERY.finditer(reader.masked):
        if reader.negated(m.start(), m.end()):
            continue
        target = _nearest(mentions, reader, m.start(), m.end(), prefer_before=True)
        if target is not None:
            target.surgery.append(m.group())
    for m in _MEDICAL.finditer(reader.masked):
        target = _nearest(mentions, reader, m.start(), m.end(), prefer_before=True)
        if target is not None:
            target.medical = True


def _severe_terms(group: Group, reader: _Reader) -> list[str]:
    return [m.group() for m in reader.current(_term_pattern(list(group.severe_terms)))]


def _judge(mention: _Mention, attack: bool) -> tuple[list[str], list[str]]:
    """Why this mention's group does not apply (000 三(2), the group's name), and warnings."""
    g, why, warn = mention.group, [], []
    severe = {s for s in mention.severity if s in _SEVERE or s in g.severe_terms}
    moderate = {s for s in mention.severity if s in _MODERATE}
    where = f"第{g.code}组「{g.name}」"
    if "not_severe" in g.limits and severe:
        why.append(f"{mention.said}为{'、'.join(sorted(severe))}：{where}限非重度")
    if "mild_attack" in g.limits:
        if severe or moderate:
            why.append(f"{mention.said}为{'、'.join(sorted(severe | moderate))}：{where}的急性发作限轻度")
        elif attack and "轻度" not in mention.severity and not mention.diagnosis.startswith("轻度"):
            warn.append(f"{mention.said}急性发作未注明程度：第{g.code}组只列轻度急性发作，请确认")
    named = [c.removeprefix("严重:") for c in mention.complications if c.startswith("严重:")]
    plain = [c for c in mention.complications if not c.startswith("严重:")]
    if "no_complication" in g.limits and (named or plain):
        why.append(f"伴{'、'.join(dict.fromkeys(named + plain))}：{where}限不伴有并发症或伴随症")
    elif "no_severe_complication" in g.limits:
        heavy = named + [c for c in plain if c.startswith("严重")]
        if heavy:
            why.append(f"伴{'、'.join(dict.fromkeys(heavy))}：{where}限不伴有极重度或严重的并发症")
        elif plain:
            warn.append(f"{mention.said}伴{'、'.join(dict.fromkeys(plain))}：第{g.code}组只排除极重度或严重的并发症，请确认程度")
        if "极重度" in mention.severity:
            why.append(f"{mention.said}为极重度：{where}限不伴有极重度的并发症和伴随症")
    non_surgical = "non_surgical" in g.limits or mention.diagnosis in g.non_surgical_diagnoses
    if mention.surgery and not mention.medical:
        if non_surgical:
            why.append(f"{'、'.join(dict.fromkeys(mention.surgery))}：{where}限非手术（内科）治疗")
        else:
            warn.append(f"{'、'.join(dict.fromkeys(mention.surgery))}：8个病种均为内科病组，手术治疗请确认是否仍下转")
    return why, warn


def _organ(reader: _Reader, m: re.Match) -> str:
    """'癌' alone says little: show it with the organ written before it (胃癌, 肺腺癌)."""
    if len(m.group()) > 1:
        return m.group()
    c_start, _ = reader.clause_of(m.start())
    before = re.search(r"[^并伴合及和与□]{0,2}$", reader.masked[c_start:m.start()])
    return (before.group() if before else "") + m.group()


def excluded_by(group: Group) -> tuple[str, ...]:
    """What would make this group not apply, in words an operator can check with the doctor."""
    out = [words for limit, words in LIMITS.items() if limit in group.limits]
    if group.non_surgical_diagnoses and "non_surgical" not in group.limits:
        out.append(f"{'、'.join(group.non_surgical_diagnoses)}限内科治疗")
    if group.complications:
        out.append("并发症如" + "、".join(group.complications[:5]))
    return tuple(out)


def advise(diagnosis: str, disease_list: DiseaseList, *, stable_rehab: bool = False) -> Advice:
    """000 三: (1) stable, long-term rehabilitation or outpatient follow-up; (2) the 8 groups within
    their names' limits; 001 附件 二 adds recovery after acute illness or surgery and late cancer
    needing only palliative care. 001 附件 三 refuses critical patients and cases the law sends to
    specialised institutions."""
    dl = disease_list
    text = normalise(diagnosis)
    reader = _Reader(text, dl.ignore)
    stable_words = [m.group() for m in reader.current(_term_pattern(list(dl.stable)))]
    scope_stable = stable_rehab or bool(stable_words)
    critical = [m.group() for m in reader.current(_term_pattern(list(dl.critical)))]
    if critical and _STABLE_FIRST.search(text):
        critical = []  # 001 附件 二(二): 危重症稳定期 is itself a downward case
    specialised = [m.group() for m in reader.current(_term_pattern(list(dl.specialised)))]
    refused = None
    if specialised:
        refused = (f"{'、'.join(dict.fromkeys(specialised))}：依据有关法律法规需专业防治机构诊治，不宜转诊"
                   "（001 附件 三(二)），请按专科途径转诊")
    elif critical:
        refused = f"{'、'.join(dict.fromkeys(critical))}：急危重症病情不适宜转诊（001 附件 三(一)），待病情稳定后再评估"
    if not text and not stable_rehab:
        return Advice(False, reasons=("请填写诊断",), edition=dl.edition, blank=True)
    if refused:
        return Advice(False, reasons=(refused,), refused=refused, edition=dl.edition)

    mentions = _mentions(reader, dl)
    _qualify(mentions, reader)
    attack = bool(_ACUTE_ATTACK.search(text))
    passing, reasons, warnings = [], [], []
    for mention in mentions:
        why, warn = _judge(mention, attack)
        warnings += warn
        if why:
            reasons += why
        else:
            passing.append(mention)
    malignant = [_organ(reader, m) for m in reader.current(_term_pattern(list(dl.malignant)))]
    palliative = bool(reader.current(_term_pattern(list(dl.palliative))))
    late = bool(_LATE.search(text))

    first = passing[0] if passing else (mentions[0] if mentions else None)
    group = first.group if first else None
    matched = first.diagnosis if first else None
    exclusions = excluded_by(group) if group else ()
    base = dict(group=group, matched=matched, excluded_by=exclusions, edition=dl.edition)
    if malignant and late and palliative:
        return Advice(True, reasons=(f"{'、'.join(dict.fromkeys(malignant))}晚期，仅需保守、支持、姑息治疗："
                                     "符合下转（001 附件 二(三)）", *reasons), warnings=tuple(warnings), **base)
    if scope_stable:
        said = "、".join(dict.fromkeys(stable_words)) or "已勾选病情稳定/康复期"
        extra = [f"另：{r}" for r in reasons]
        if malignant:
            warnings.append(f"同时诊断{'、'.join(dict.fromkeys(malignant))}：请确认肿瘤治疗已结束或仅需随访")
        return Advice(True, reasons=(f"病情稳定、需长期康复或门诊随访（{said}）：符合下转（000 三(1)）", *extra),
                      warnings=tuple(warnings), **base)
    if malignant:
        listed = [f"第{m.group.code}组「{m.diagnosis}」" for m in passing]
        lead = f"同时诊断{'、'.join(dict.fromkeys(malignant))}" + (f"（另有{'、'.join(listed)}）" if listed else "")
        return Advice(False, reasons=(f"{lead}：恶性肿瘤只在晚期且仅需保守、支持、姑息治疗时可下转（001 附件 二(三)）",
                                      *reasons), warnings=tuple(warnings), **base)
    if passing and not reasons:
        named = "；".join(dict.fromkeys(f"第{m.group.code}组「{m.group.name}」（{m.diagnosis}）" for m in passing))
        return Advice(True, reasons=(f"符合下转：{named}（000 三(2)）",), warnings=tuple(warnings), **base)
    if passing:
        ok = "、".join(dict.fromkeys(f"第{m.group.code}组「{m.diagnosis}」" for m in passing))
        return Advice(False, reasons=(*reasons, f"虽有{ok}，但同时诊断的病种超出其范围"),
                      warnings=tuple(warnings), **base)
    if reasons:
        return Advice(False, reasons=tuple(reasons), warnings=tuple(warnings), **base)
    return Advice(False, reasons=("诊断不在8个病种之内；如病情稳定、需长期康复或门诊随访，请勾选「病情稳定/康复期」",),
                  warnings=tuple(warnings), edition=dl.edition)

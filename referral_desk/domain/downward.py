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
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from referral_desk.domain.bounds import control_char_at

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


ADVISED, NOT_ADVISED, REVIEW = "advised", "not_advised", "review"
ADVICE_WORDS = {ADVISED: "建议下转", NOT_ADVISED: "不建议下转", REVIEW: "需医生判断"}


@dataclass(frozen=True)
class Advice:
    """`advice`: advised only when the text leaves no doubt (issue 24: a wrong "yes" sends a patient
    down with advice the seed forbids); review when something in it the desk cannot judge (`doubts`)."""

    eligible: bool
    group: Group | None = None
    matched: str | None = None  # the list's diagnosis found in the text
    reasons: tuple[str, ...] = ()
    excluded_by: tuple[str, ...] = ()  # what would make the matched group not apply
    warnings: tuple[str, ...] = ()
    refused: str | None = None  # 001 附件 三: not to be referred, whatever the operator confirms
    edition: int = 0
    blank: bool = False  # nothing written yet: no advice to give
    advice: str = NOT_ADVISED
    doubts: tuple[str, ...] = ()  # what a doctor must judge, when advice is review

    def summary(self) -> str:
        if self.refused:
            return self.refused
        if self.advice == REVIEW:
            return "；".join(("需医生判断：" + "；".join(self.doubts), *self.reasons))
        return "；".join(self.reasons)

    def as_json(self) -> dict[str, Any]:
        return {"eligible": self.eligible, "advice": self.advice, "doubts": list(self.doubts),
                "group": self.group.code if self.group else None,
                "matched": self.matched, "reasons": list(self.reasons), "excluded_by": list(self.excluded_by),
                "warnings": list(self.warnings), "refused": self.refused, "edition": self.edition}


_CLAUSE = re.compile(r"[，,；;。、/\n]")
# A qualifier is negated a few characters away ("不伴有并发症", "无明显并发症", "不伴有合并症与并发症");
# a disease only
# right after the word ("否认肺结核", "无休克"), so that "未控制的癫痫" stays a diagnosis.
_NEGATION = re.compile(r"(?:不|无|未|非|否认|排除|未见|没有)(?:[^，,；;。、]{0,6}(?:与|和|及|或))?[^，,；;。、]{0,3}$")
_ABSENT = r"否认|无|不伴有?|未见|未合并|不合并|未发现"
_RULED_OUT = r"已?排除|已?除外"  # but 需除外 / 待排除: still to be ruled out
_SUSPECTED = r"疑似|疑为|可疑|不除外|不排除|可能为?|怀疑|[需待要应](?:除外|排除)"
_DISEASE_NEGATION = re.compile(rf"(?:{_ABSENT}|(?<![需待要应])(?:{_RULED_OUT}))$")
_LIST_NEGATION = re.compile(rf"(?:{_ABSENT}|{_RULED_OUT})")
_AFTER_NEGATION = re.compile(r"^(?:已?除外|已?排除|已否认)")
# Not yet known: neither present nor absent (疑似胃癌, 胃癌待排, UC?): a doctor decides.
_UNCERTAIN_BEFORE = re.compile(rf"(?:{_SUSPECTED})[^，,；;。、]{{0,2}}$")
_UNCERTAIN_JUST_BEFORE = re.compile(rf"(?:{_SUSPECTED})$")
_UNCERTAIN_WORD = re.compile(r"待排|待查|待除外|可能性大|可能|不除外|不排除|疑似|疑为|可疑|怀疑")
_UNCERTAIN_AFTER = re.compile(r"^(?:待排|待查|待除外|可能|可能性大|不除外|不排除|\?|？)")
_HISTORY_BEFORE = re.compile(r"(?:既往|陈旧性?|曾患)[^，,；;。、]{0,2}$")
_HISTORY_AFTER = re.compile(r"^(?:病史|史|治愈|已愈)")
_SEVERITY = re.compile(r"极重度|中重度|轻中度|重度|重型|重症|严重|危重|中度|中型|轻度|轻型|轻症")
_SEVERE = {"极重度", "中重度", "重度", "重型", "重症", "严重", "危重"}
_MODERATE = {"轻中度", "中度", "中型"}
_COMPLICATION = re.compile(r"并发症|合并症|伴随症")
# Planned, needed or past operations and procedures, as doctors abbreviate them: every group of 000 三(2) is a
# medical (non-surgical) DRG group, so any of these takes the patient out of it.
_PROCEDURE = r"(?<![A-Z])(?:LC|ERCP|EST|PTCD|PTGD|ESD|EMR|TURP|PCI|CABG)(?![A-Z])"
_SURGERY = re.compile(
    r"(?:拟行?|需|须|需要|建议|择期|急诊|限期)[^，,；;。]{0,14}(?:手术|术|切除|(?:腹腔|胸腔|宫腔|关节|鼻内|椎间孔)镜|"
    rf"取石|置管|引流|修补|成形|置换|{_PROCEDURE})|手术治疗|术前|"
    r"(?:切除|取石|引流|置管|成形|修补|造瘘|造口|吻合|摘除|开窗|置换|融合|碎石)术?(?:后)?|术后|"
    rf"腹腔镜|胸腔镜|宫腔镜|关节镜|内镜下[^，,；;。]{{0,8}}?(?:切除|治疗|取石|止血|剥离|套扎)|{_PROCEDURE}")
_MEDICAL = re.compile(r"内科治疗|保守治疗|药物治疗|非手术|无手术指征|拒绝手术|不需手术|无需手术")
_ACUTE_ATTACK = re.compile(r"急性发作|发作期")
_STABLE_FIRST = re.compile(r"已纠正|已控制|稳定期|恢复期|已稳定")
_LATE = re.compile(r"晚期|终末期|Ⅳ期|IV期")
_ONGOING = re.compile(r"[^，,；;。、]{0,6}持续状态")
# Severity scores. Mayo (UC): 11-12 severe, 6-10 moderate, up to 5 mild; any other score is for a doctor.
_MAYO = re.compile(r"MAYO[^0-9，,；;。]{0,6}(\d{1,2})")
_SCORE = re.compile(r"(?<![A-Z])(?:TRUELOVE|GINA|DAS28|SDAI|CDAI|CHILD|NYHA|CAT|ACT|SLEDAI|GCS|NIHSS|APACHE|SOFA|"
                    r"CURB|PSI|MELD|HAQ|BASDAI)(?![A-Z])[-A-Z]*[^，,；;。]{0,8}|[^，,；;。]{0,6}(?:评分|积分|分级|分期)[^，,；;。]{0,8}")


def normalise(text: str) -> str:
    """Full-width letters and digits folded, spaces dropped, Latin upper-cased ('ra' is 'RA'); a space
    between two Latin words or numbers kept as '·', so 'UC Mayo 12' stays three words."""
    folded = unicodedata.normalize("NFKC", text or "")
    folded = re.sub(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])", "·", folded)
    return re.sub(r"\s+", "", folded).upper()


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
    mayo: int | None = None


def _term_pattern(terms: list[str]) -> re.Pattern[str] | None:
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
        if before or _AFTER_NEGATION.search(self.masked[end:c_end]):
            return True
        # 否认黄疸、胰腺炎: a negation reaches every item of a list joined by 、 (and only such a list).
        if disease and c_start >= 2 and self.masked[c_start - 1] == "、":
            p_start, p_end = self.clause_of(c_start - 2)
            item = self.masked[p_start:p_end]
            return bool(_LIST_NEGATION.match(item)) or self.negated(p_start, p_end, disease=True)
        return False

    def uncertain(self, start: int, end: int) -> bool:
        c_start, c_end = self.clause_of(start)
        return bool(_UNCERTAIN_BEFORE.search(self.masked[c_start:start])
                    or _UNCERTAIN_AFTER.search(self.masked[end:c_end]))

    def history(self, start: int, end: int) -> bool:
        c_start, c_end = self.clause_of(start)
        return bool(_HISTORY_BEFORE.search(self.masked[c_start:start]) or _HISTORY_AFTER.search(self.masked[end:c_end]))

    def current(self, pattern: re.Pattern[str] | None) -> list[re.Match[str]]:
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


def _nearest(mentions: list[_Mention], reader: _Reader, start: int, end: int, *,
             prefer_before: bool) -> _Mention | None:
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
        if (after and (not prefer_before or not before)
                and (not before or after[0].start - end <= start - before[-1].end)):
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
    for m in _MAYO.finditer(reader.masked):
        target = _nearest(mentions, reader, m.start(), m.end(), prefer_before=True)
        if target is not None:
            target.mayo = int(m.group(1))


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
    if named and not ({"no_complication", "no_severe_complication"} & g.limits):
        # The list names these as this group's complications: 支气管哮喘合并气胸 is not the group (issue 24).
        why.append(f"伴{'、'.join(dict.fromkeys(named))}：清单列为第{g.code}组的并发症")
    non_surgical = "non_surgical" in g.limits or mention.diagnosis in g.non_surgical_diagnoses
    if mention.surgery and not mention.medical:
        limit = ("限非手术（内科）治疗" if non_surgical
                 else "为内科病组（000 三(2) 8个病种均为内科 DRG 病组），手术治疗不在其内")
        why.append(f"{'、'.join(dict.fromkeys(mention.surgery))}：{where}{limit}")
    if mention.mayo is not None and "not_severe" in g.limits and mention.mayo >= 11:
        why.append(f"{mention.said} Mayo评分{mention.mayo}分为重度（11-12分）：{where}限非重度")
    return why, warn


_NOT_ORGAN = "诊断为考虑患有合并伴并及和与认示见□"


def _organ_start(reader: _Reader, m: re.Match[str]) -> int:
    """'癌' alone says little: where the organ written before it begins (胃癌, 肺腺癌), so that it is
    shown whole and a negation before the organ (否认胃癌) is seen."""
    if len(m.group()) > 1:
        return m.start()
    c_start, _ = reader.clause_of(m.start())
    start = m.start()
    while start > max(c_start, m.start() - 3) and reader.masked[start - 1] not in _NOT_ORGAN \
            and not _DISEASE_NEGATION.search(reader.masked[c_start:start]) \
            and not _UNCERTAIN_JUST_BEFORE.search(reader.masked[c_start:start]):
        start -= 1
    return start


def _malignant(reader: _Reader, dl: DiseaseList) -> tuple[list[str], list[str]]:
    """The cancers stated as present, and those only suspected (疑似胃癌, 胃癌待排)."""
    pattern = _term_pattern(list(dl.malignant))
    present: list[str] = []
    suspected: list[str] = []
    if pattern is None:
        return present, suspected
    for m in pattern.finditer(reader.masked):
        start = _organ_start(reader, m)
        if reader.negated(start, m.end(), disease=True) or reader.history(start, m.end()):
            continue
        said = reader.masked[start:m.end()]
        (suspected if reader.uncertain(start, m.end()) else present).append(said)
    return present, suspected


def excluded_by(group: Group) -> tuple[str, ...]:
    """What would make this group not apply, in words an operator can check with the doctor."""
    out = [words for limit, words in LIMITS.items() if limit in group.limits]
    if group.non_surgical_diagnoses and "non_surgical" not in group.limits:
        out.append(f"{'、'.join(group.non_surgical_diagnoses)}限内科治疗")
    if group.complications:
        out.append("并发症如" + "、".join(group.complications[:5]))
    return tuple(out)


# Words that qualify a diagnosis without being one: read, they leave nothing for a doctor to judge. Any
# other text in a diagnosis line (another disease, a finding, a typo) makes an advised answer a review.
_QUALIFIERS = (
    "慢性复发型", "初发型", "慢性持续型", "活动期", "缓解期", "发作期", "稳定", "好转", "缓解", "已控制", "控制",
    "左半结肠", "广泛结肠", "全结肠", "直肠型", "直乙状结肠", "单纯性", "局限性", "反复发作", "反复", "复发",
    "亚急性", "急性", "慢性", "不伴有", "不伴", "伴有", "伴", "合并", "并发", "继发", "并", "及", "和", "与", "或",
    "未见", "否认", "排除", "除外", "已", "无", "未", "非", "有", "明显", "目前", "现", "诊断", "明确", "患者",
    "治疗", "药物", "口服", "规律", "用药", "门诊", "复查", "随访", "内科", "病史", "史", "年", "月", "余", "多",
    "次", "期", "型", "性", "的", "分", "评分", "经", "后", "中", "程度", "病", "症", "为", "行", "见",
    "仅需", "仅", "糜烂", "天", "周", "活动",
)
_QUALIFIER = re.compile("|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True)))
_FILLER = re.compile(r"[\s0-9.·:：()（）\[\]【】<>《》\-—~～+±%％'\"“”‘’!！?？□，,；;。、/\n]")


def _unread(reader: _Reader, dl: DiseaseList) -> list[tuple[int, str]]:
    """The parts of the text no rule of the desk read: another disease, a finding, a typo (unless the
    text says it is absent: 否认黄疸)."""
    text = reader.masked
    terms = [*dl.stable, *dl.palliative, *dl.malignant, *dl.critical, *dl.specialised, *dl.ignore]
    for g in dl.groups:
        terms += [*g.diagnoses, *(o for o, _ in g.synonyms), *g.complications, *g.severe_terms,
                  *g.non_surgical_diagnoses]
    covered = [False] * len(text)
    for pattern in (_term_pattern(terms), _SEVERITY, _COMPLICATION, _SURGERY, _MEDICAL, _ACUTE_ATTACK, _STABLE_FIRST,
                    _LATE, _MAYO, _SCORE, _UNCERTAIN_WORD, _QUALIFIER):
        if pattern is None:
            continue
        for m in pattern.finditer(text):
            for i in range(m.start(), m.end()):
                covered[i] = True
    for m in _FILLER.finditer(text):
        covered[m.start()] = True
    left: list[tuple[int, str]] = []
    run = ""
    for at, (ch, seen) in enumerate(zip(text, covered, strict=True)):
        if seen:
            if run:
                left.append((at - len(run), run))
            run = ""
        else:
            run += ch
    if run:
        left.append((len(text) - len(run), run))
    # A stray character is not a diagnosis.
    return [(at, r) for at, r in left if len(r) >= 2 and not reader.negated(at, at + len(r), disease=True)]


def advise(diagnosis: str, disease_list: DiseaseList, *, stable_rehab: bool = False) -> Advice:
    """000 三: (1) stable, long-term rehabilitation or outpatient follow-up; (2) the 8 groups within
    their names' limits; 001 附件 二 adds recovery after acute illness or surgery and late cancer
    needing only palliative care. 001 附件 三 refuses critical patients and cases the law sends to
    specialised institutions. Three answers (issue 24): advised only when the text leaves no doubt;
    not advised, with why; review, with what a doctor must judge."""
    first, doubts = _first_reading(diagnosis, disease_list, stable_rehab=stable_rehab)
    if not first.eligible:  # blank too: nothing to advise on
        return replace(first, advice=NOT_ADVISED)
    doubts = [*doubts, *first.warnings]
    if doubts:
        return replace(first, eligible=False, advice=REVIEW, doubts=tuple(dict.fromkeys(doubts)), warnings=())
    return replace(first, advice=ADVISED)


def _first_reading(diagnosis: str, dl: DiseaseList, *, stable_rehab: bool) -> tuple[Advice, list[str]]:
    """The rules of the seeds read off the text: an answer, and what in the text leaves doubt about a yes."""
    text = normalise(diagnosis)
    reader = _Reader(text, dl.ignore)
    doubts: list[str] = []
    if control_char_at(diagnosis) is not None:  # pasted from elsewhere: what it hid is not read
        doubts.append("诊断中含有控制字符，原文可能不完整")
    stable_words = [m.group() for m in reader.current(_term_pattern(list(dl.stable)))]
    scope_stable = stable_rehab or bool(stable_words)
    # 001 附件 二(二): 危重症稳定期 is itself a downward case, said of that illness (in its own clause):
    # 脑出血恢复期，生命体征不稳定 is not stable.
    critical = [m.group() for m in reader.current(_term_pattern(list(dl.critical)))
                if not _STABLE_FIRST.search(text, *reader.clause_of(m.start()))]
    specialised = [m.group() for m in reader.current(_term_pattern(list(dl.specialised)))]
    refused = None
    if specialised:
        refused = (f"{'、'.join(dict.fromkeys(specialised))}：依据有关法律法规需专业防治机构诊治，不宜转诊"
                   "（001 附件 三(二)），请按专科途径转诊")
    elif critical:
        refused = f"{'、'.join(dict.fromkeys(critical))}：急危重症病情不适宜转诊（001 附件 三(一)），待病情稳定后再评估"
    if not text and not stable_rehab:
        return Advice(False, reasons=("请填写诊断",), edition=dl.edition, blank=True), doubts
    if refused:
        return Advice(False, reasons=(refused,), refused=refused, edition=dl.edition), doubts

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
        if reader.uncertain(mention.start, mention.end):
            doubts.append(f"「{mention.said}」尚未确诊（疑似/待排）")
    malignant, suspected = _malignant(reader, dl)
    doubts += [f"「{m}」尚未排除" for m in dict.fromkeys(suspected)]
    for m in _SCORE.finditer(text):
        if not _MAYO.search(m.group()):
            doubts.append(f"含评分或分级「{m.group()}」，其所示程度请医生判断")
    for m in _MAYO.finditer(text):
        if int(m.group(1)) <= 3:
            doubts.append(f"Mayo {m.group(1)}分：可能是内镜子评分（3分为重度）而非总分，请医生判断")
    for m in _ONGOING.finditer(text):
        if not _STABLE_FIRST.search(text, *reader.clause_of(m.start())):
            doubts.append(f"「{m.group()}」未注明已控制：持续状态属急危重症，请医生判断")
    palliative = bool(reader.current(_term_pattern(list(dl.palliative))))
    late = bool(_LATE.search(text))
    unread = _unread(reader, dl)

    first = passing[0] if passing else (mentions[0] if mentions else None)
    group = first.group if first else None
    matched = first.diagnosis if first else None
    exclusions = excluded_by(group) if group else ()
    advise = partial(Advice, group=group, matched=matched, excluded_by=exclusions, warnings=tuple(warnings),
                     edition=dl.edition)
    if malignant and late and palliative:
        doubts += [f"另有「{u}」未能判断" for _, u in unread]
        return advise(True, reasons=(f"{'、'.join(dict.fromkeys(malignant))}晚期，仅需保守、支持、姑息治疗："
                                     "符合下转（001 附件 二(三)）", *reasons)), \
            doubts + [f"另：{r}" for r in reasons]
    if scope_stable:
        said = "、".join(dict.fromkeys(stable_words)) or "已勾选病情稳定/康复期"
        extra = [f"另：{r}" for r in reasons]
        # Stable is said of the patient, whatever the disease (000 三(1)); what else the text says of a
        # listed disease, a cancer beside it, or another problem in a clause of its own (脑出血恢复期，
        # 肺部感染) is for a doctor to weigh.
        doubts += extra
        stable_clauses = {reader.clause_of(m.start()) for m in reader.current(_term_pattern(list(dl.stable)))}
        doubts += [f"另有「{u}」未说明已稳定，请医生判断" for at, u in unread
                   if not stable_rehab and reader.clause_of(at) not in stable_clauses]
        if malignant:
            doubts.append(f"同时诊断{'、'.join(dict.fromkeys(malignant))}：请确认肿瘤治疗已结束或仅需随访")
        return advise(True, reasons=(f"病情稳定、需长期康复或门诊随访（{said}）：符合下转（000 三(1)）",
                                     *extra)), doubts
    if malignant:
        listed = [f"第{m.group.code}组「{m.diagnosis}」" for m in passing]
        lead = f"同时诊断{'、'.join(dict.fromkeys(malignant))}" + (f"（另有{'、'.join(listed)}）" if listed else "")
        return advise(False, reasons=(f"{lead}：恶性肿瘤只在晚期且仅需保守、支持、姑息治疗时可下转（001 附件 二(三)）",
                                      *reasons)), doubts
    if passing and not reasons:
        named = "；".join(dict.fromkeys(f"第{m.group.code}组「{m.group.name}」（{m.diagnosis}）" for m in passing))
        doubts += [f"另有「{u}」不在8个病种之内或未能判断，是否影响下转请医生判断" for _, u in unread]
        return advise(True, reasons=(f"符合下转：{named}（000 三(2)）",)), doubts
    if passing:
        ok = "、".join(dict.fromkeys(f"第{m.group.code}组「{m.diagnosis}」" for m in passing))
        return advise(False, reasons=(*reasons, f"虽有{ok}，但同时诊断的病种超出其范围")), doubts
    if reasons:
        return advise(False, reasons=tuple(reasons)), doubts
    return Advice(False, reasons=("诊断不在8个病种之内；如病情稳定、需长期康复或门诊随访，请勾选「病情稳定/康复期」",),
                  warnings=tuple(warnings), edition=dl.edition), doubts

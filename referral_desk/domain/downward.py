"""Is a patient suitable for downward referral (000 三; 001 附件 三)? Pure: the diagnosis in words
and the 8 DRG groups go in, the group matched (or why none did) and the warnings come out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Group:
    code: int
    name: str
    diagnoses: tuple[str, ...]


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    group: Group | None = None
    matched: str | None = None  # the group's diagnosis found in the text
    reason: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        if self.group is not None:
            return f"符合下转：第{self.group.code}组 {self.group.name}（匹配「{self.matched}」）"
        return self.reason


# The group names' qualifiers, read as exclusions: "非重度", "不伴有并发症…".
_SEVERE = re.compile(r"重度|重症|极重")
_COMPLICATION = re.compile(r"并发症|合并症|伴随症")
_NEGATION = re.compile(r"[不无未非]")
_SURGERY = re.compile(r"(?<![非不无])手术|术后")
_NO_COMPLICATION_GROUPS = {2, 4, 6, 7, 8}
_SEVERE_GROUPS = {1, 6, 8}

# 001 附件 三: critical patients whose condition does not allow transport; cases that law
# requires a specialised institution to treat (notifiable infections, severe mental illness).
_NOT_SUITABLE = [
    (re.compile(r"危重|休克|呼吸衰竭|生命体征不稳|昏迷|大出血"), "急危重症，病情可能不适宜转诊（001 附件 三(一)）"),
    (re.compile(r"结核|艾滋|HIV|梅毒|霍乱|鼠疫|传染性|精神分裂|重性精神"),
     "依据法律法规可能需转入专业防治机构诊治（001 附件 三(二)）"),
]


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _has_complication(text: str) -> bool:
    """'伴有并发症' counts; '不伴并发症', '无合并症' do not."""
    return any(not _NEGATION.search(text[max(m.start() - 3, 0):m.start()]) for m in _COMPLICATION.finditer(text))


def _excluded(group: Group, text: str) -> str | None:
    if group.code in _SEVERE_GROUPS and _SEVERE.search(text):
        return f"第{group.code}组限{'非重度' if group.code == 1 else '不伴极重度或严重并发症'}"
    if group.code in _NO_COMPLICATION_GROUPS and _has_complication(text):
        return f"第{group.code}组限不伴有并发症或合并症"
    if group.code == 2 and _SURGERY.search(text):
        return "第2组限非手术治疗"
    return None


def check_downward(diagnosis: str, groups: Iterable[Group], *, stable_rehab: bool = False) -> Eligibility:
    """The first group (longest diagnosis first) named in the text decides; qualifiers of the group
    name exclude it; a stable or rehabilitation patient is eligible without a group."""
    text = normalise(diagnosis)
    warnings = tuple(msg for pattern, msg in _NOT_SUITABLE if pattern.search(text))
    if not text:
        return Eligibility(stable_rehab, reason="请填写诊断" if not stable_rehab else "病情稳定/康复期：符合下转",
                           warnings=warnings)
    candidates = sorted(((d, g) for g in groups for d in g.diagnoses), key=lambda x: (-len(x[0]), x[1].code))
    excluded: list[str] = []
    for name, group in candidates:
        if name in text:
            why = _excluded(group, text)
            if why is None:
                return Eligibility(True, group, name, warnings=warnings)
            if why not in excluded:
                excluded.append(why)
    if stable_rehab:
        return Eligibility(True, reason="病情稳定、需长期康复或门诊随访：符合下转（000 三(1)）", warnings=warnings)
    if excluded:
        return Eligibility(False, reason="不符合8个病种：" + "；".join(excluded), warnings=warnings)
    return Eligibility(False, reason="诊断不在8个病种之内；如病情稳定、需长期康复或门诊随访，请勾选「病情稳定/康复期」",
                       warnings=warnings)

"""The downward-referral disease list as data the center edits (001 二(二)1 制订双向转诊病种清单;
001 二(三) 不断优化转诊标准): its shape, its bounds, and the pure DiseaseList the matcher reads."""

from __future__ import annotations

from pydantic import ConfigDict, Field, model_validator

from referral_desk.domain.bounds import Checked
from referral_desk.domain.downward import LIMITS, DiseaseList, Group

Term = Field(min_length=1, max_length=40)


class GroupContent(Checked):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: int = Field(ge=1, le=99)
    name: str = Field(min_length=1, max_length=80)
    diagnoses: list[str] = Field(min_length=1, max_length=100)
    synonyms: dict[str, str] = Field(default_factory=dict, max_length=200)
    limits: list[str] = Field(default_factory=list, max_length=len(LIMITS))
    complications: list[str] = Field(default_factory=list, max_length=100)
    severe_terms: list[str] = Field(default_factory=list, max_length=50)
    non_surgical_diagnoses: list[str] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _consistent(self) -> GroupContent:
        where = f"第{self.code}组"
        for term in [*self.diagnoses, *self.synonyms, *self.synonyms.values(), *self.complications,
                     *self.severe_terms]:
            if not term.strip() or len(term) > 40:
                raise ValueError(f"{where}：病种名与同义写法须为 1-40 个字符，收到「{term[:40]}」")
        unknown = [x for x in self.limits if x not in LIMITS]
        if unknown:
            raise ValueError(f"{where}：不认识的排除条件 {'、'.join(unknown)}（可用：{'、'.join(LIMITS)}）")
        stray = [f"{k}→{v}" for k, v in self.synonyms.items() if v not in self.diagnoses]
        if stray:
            raise ValueError(f"{where}：同义写法须指向本组的病种：{'、'.join(stray[:3])}")
        stray = [d for d in self.non_surgical_diagnoses if d not in self.diagnoses]
        if stray:
            raise ValueError(f"{where}：限内科治疗的病种不在本组：{'、'.join(stray[:3])}")
        return self


class DiseaseListContent(Checked):
    """One edition as the center writes it (the shipped first edition is data/downward_list.json)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    edition: int = Field(ge=1, le=10_000)
    note: str = Field(default="", max_length=400)
    groups: list[GroupContent] = Field(min_length=1, max_length=50)
    stable: list[str] = Field(default_factory=list, max_length=100)
    palliative: list[str] = Field(default_factory=list, max_length=100)
    malignant: list[str] = Field(default_factory=list, max_length=100)
    critical: list[str] = Field(default_factory=list, max_length=200)
    specialised: list[str] = Field(default_factory=list, max_length=200)
    ignore: list[str] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _consistent(self) -> DiseaseListContent:
        codes = [g.code for g in self.groups]
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            raise ValueError(f"病组编号重复：{'、'.join(map(str, twice))}")
        owner: dict[str, int] = {}
        for g in self.groups:
            for term in [*g.diagnoses, *g.synonyms]:
                if owner.setdefault(term, g.code) != g.code:
                    raise ValueError(f"「{term}」同时出现在第{owner[term]}组和第{g.code}组")
        for name in ("stable", "palliative", "malignant", "critical", "specialised", "ignore"):
            for term in getattr(self, name):
                if not term.strip() or len(term) > 40:
                    raise ValueError(f"{name}：词语须为 1-40 个字符，收到「{term[:40]}」")
        return self

    def to_list(self) -> DiseaseList:
        return DiseaseList(
            edition=self.edition, note=self.note,
            groups=tuple(Group(g.code, g.name, tuple(dict.fromkeys(g.diagnoses)), tuple(g.synonyms.items()),
                               frozenset(g.limits), tuple(g.complications), tuple(g.severe_terms),
                               tuple(g.non_surgical_diagnoses))
                         for g in sorted(self.groups, key=lambda g: g.code)),
            stable=tuple(self.stable), palliative=tuple(self.palliative), malignant=tuple(self.malignant),
            critical=tuple(self.critical), specialised=tuple(self.specialised), ignore=tuple(self.ignore))

"""Downward eligibility (000 三; 001 附件 二/三) on diagnoses as doctors write them: the seed's own
wording, other names and abbreviations, 伴/不伴, 拟行…术, 非重度, 轻度/中度/重度, two diseases in one
line, and the cases the seed says not to refer. Y: advised; N: not advised (the operator may still
confirm with a basis); R: refused (001 附件 三)."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from referral_desk.data import downward_list_seed
from referral_desk.domain.disease_list import DiseaseListContent
from referral_desk.domain.downward import advise

LIST = DiseaseListContent.model_validate(downward_list_seed()).to_list()

CASES = [
    # Group 1: 溃疡性肠炎，非重度
    ("溃疡性结肠炎，非重度", "Y", 1),  # the seed's own words
    ("溃疡性结肠炎（轻度，活动期）", "Y", 1),
    ("UC 慢性复发型 中度", "Y", 1),
    ("溃疡性直肠炎", "Y", 1),
    ("慢性溃疡性全结肠炎 缓解期", "Y", 1),
    ("重度溃疡性结肠炎", "N", 1),
    ("溃疡性结肠炎（重度）", "N", 1),
    ("溃疡性结肠炎伴中毒性巨结肠", "N", 1),
    ("暴发型溃疡性结肠炎", "N", 1),
    # Group 2: 非手术慢性胆道疾患，不伴有合并症与并发症
    ("胆囊结石伴胆囊炎", "Y", 2),
    ("胆囊炎伴胆囊结石，保守治疗", "Y", 2),
    ("胆囊结石伴胆囊炎，非手术治疗，无并发症", "Y", 2),
    ("胆道感染", "Y", 2),
    ("胆总管结石伴胆管炎，不伴有合并症与并发症", "Y", 2),
    ("胆囊结石伴胆囊炎，拟行腹腔镜胆囊切除术", "N", 2),
    ("胆囊结石伴胆囊炎 术后", "N", 2),
    ("胆总管结石伴胆管炎，伴有并发症", "N", 2),
    ("胆囊结石伴胆囊炎，合并急性胆源性胰腺炎", "N", 2),
    ("急性梗阻性化脓性胆管炎", "N", 2),
    # Group 3: 基础病组支气管炎及哮喘 (attacks: 轻度 only)
    ("急性支气管炎", "Y", 3),
    ("支气管哮喘", "Y", 3),
    ("哮喘", "Y", 3),
    ("轻度支气管哮喘急性发作", "Y", 3),
    ("支气管哮喘急性发作（轻度）", "Y", 3),
    ("咳嗽变异性哮喘", "Y", 3),
    ("CVA", "Y", 3),
    ("过敏性鼻炎伴哮喘", "Y", 3),
    ("重度支气管哮喘", "N", 3),
    ("支气管哮喘急性发作（中度）", "N", 3),
    ("支气管哮喘急性发作 重度", "N", 3),
    ("哮喘持续状态", "N", 3),
    # Group 4: 中耳炎或上呼吸道感染不伴有并发症和伴随症 (内科治疗)
    ("急性上呼吸道感染", "Y", 4),
    ("上感", "Y", 4),
    ("急性化脓性扁桃体炎 不伴并发症", "Y", 4),
    ("疱疹性咽峡炎", "Y", 4),
    ("分泌性中耳炎", "Y", 4),
    ("慢性鼻窦炎", "Y", 4),
    ("急性化脓性扁桃体炎伴扁桃体周围脓肿", "N", 4),
    ("上呼吸道感染并发肺炎", "N", 4),
    ("鼻窦炎 拟行鼻内镜手术", "N", 4),
    ("急性化脓性中耳炎伴乳突炎", "N", 4),
    # Group 5: 慢性胃炎
    ("慢性胃炎", "Y", 5),
    ("慢性萎缩性胃炎", "Y", 5),
    ("慢性 浅表性 胃炎", "Y", 5),  # spaces as typed
    ("浅表性胃炎", "Y", 5),
    ("慢性非萎缩性胃炎伴糜烂", "Y", 5),
    ("胆汁反流性胃炎", "Y", 5),
    # Group 6: 癫痫或惊厥不伴有极重度或严重的并发症和伴随症
    ("癫痫", "Y", 6),
    ("癫痫持续状态（已控制）", "Y", 6),
    ("未控制的癫痫", "Y", 6),
    ("单纯性热性惊厥", "Y", 6),
    ("癫痫，吸入性肺炎", "N", 6),
    ("癫痫伴严重并发症", "N", 6),
    # Group 7: 其他消化系统疾病，不伴有并发症和伴随症
    ("急性阑尾炎", "Y", 7),
    ("急性单纯性阑尾炎", "Y", 7),
    ("胃肠功能紊乱", "Y", 7),
    ("肠易激综合征", "Y", 7),
    ("直肠黏膜脱垂", "Y", 7),
    ("急性阑尾炎穿孔伴局限性腹膜炎", "N", 7),
    ("直肠黏膜脱垂，拟行手术", "N", 7),
    # Group 8: 基础病组类风湿性关节炎不伴有极重度或严重的并发症和伴随症
    ("类风湿关节炎", "Y", 8),
    ("类风湿性关节炎", "Y", 8),
    ("RA", "Y", 8),
    ("ra 稳定", "Y", 8),  # lower case as typed
    ("血清阳性类风湿关节炎", "Y", 8),
    ("幼年特发性关节炎", "Y", 8),
    ("类风湿关节炎伴肺间质纤维化", "N", 8),
    ("类风湿性关节炎 严重并发症", "N", 8),
    # Two diseases in one line
    ("慢性胃炎；高血压病3级", "Y", 5),
    ("高血压病 2型糖尿病 慢性胃炎", "Y", 5),
    ("慢性胃炎伴重度支气管哮喘", "N", 5),
    ("胃炎 胆管炎 拟行ERCP取石术", "N", 5),
    ("陈旧性肺结核，慢性胃炎", "Y", 5),
    ("慢性胃炎，否认肺结核", "Y", 5),
    # Malignancy beside a listed disease, and 001 附件 二(三)
    ("慢性胃炎，胃癌", "N", 5),
    ("胃癌", "N", None),
    ("类风湿关节炎 合并肺腺癌", "N", 8),
    ("胃癌前病变 慢性萎缩性胃炎", "Y", 5),
    ("肺癌晚期 姑息治疗", "Y", None),
    # 000 三(1) and 001 附件 二(二): stable, recovering, long-term rehabilitation
    ("脑梗死恢复期", "Y", None),
    ("腰椎间盘突出症术后恢复期", "Y", None),
    ("高血压病", "N", None),
    ("冠心病", "N", None),
    ("", "N", None),
    # 001 附件 三: not to be referred
    ("肺结核", "R", None),
    ("慢性胃炎 合并休克", "R", None),
    ("感染性休克", "R", None),
    ("精神分裂症", "R", None),
    ("HIV感染 上呼吸道感染", "R", None),
    ("生命体征不稳定", "R", None),
]


@pytest.mark.parametrize("diagnosis, answer, group", CASES)
def test_the_matcher_answers_as_the_seed_reads(diagnosis, answer, group):
    advice = advise(diagnosis, LIST)
    got = "R" if advice.refused else ("Y" if advice.eligible else "N")
    assert (got, advice.group.code if advice.group else None) == (answer, group), advice.summary()
    assert advice.reasons, "every answer says why"


def test_the_table_is_as_large_as_the_issue_asks():
    assert len(CASES) >= 60 and {a for _, a, _ in CASES} == {"Y", "N", "R"}
    assert {g for _, _, g in CASES if g} == set(range(1, 9))


def test_advice_names_the_group_why_and_what_would_exclude_it():
    advice = advise("胆囊结石伴胆囊炎", LIST)
    assert "第2组" in advice.summary() and "000 三(2)" in advice.summary()
    assert "限非手术（内科）治疗" in advice.excluded_by and any("胆源性胰腺炎" in e for e in advice.excluded_by)
    no = advise("胆囊结石伴胆囊炎，拟行腹腔镜胆囊切除术", LIST)
    assert "拟行腹腔镜胆囊切除术" in no.summary() and "限非手术" in no.summary()
    assert "重度" in advise("重度溃疡性结肠炎", LIST).summary()


def test_an_unstated_attack_severity_and_surgery_outside_the_named_groups_are_warnings():
    attack = advise("支气管哮喘急性发作", LIST)
    assert attack.eligible and "未注明程度" in attack.warnings[0]
    surgery = advise("急性阑尾炎，拟行阑尾切除术", LIST)
    assert surgery.eligible and "手术" in surgery.warnings[0]


def test_a_ticked_stable_patient_is_eligible_without_a_group_but_refusals_stay():
    assert advise("脑梗死", LIST, stable_rehab=True).eligible
    assert advise("重度溃疡性结肠炎", LIST, stable_rehab=True).eligible
    assert advise("肺结核", LIST, stable_rehab=True).refused


def test_the_json_answer_has_the_issue_s_keys():
    answer = advise("类风湿关节炎", LIST).as_json()
    assert {"eligible": True, "group": 8}.items() <= answer.items() and answer["reasons"]
    json.dumps(answer, ensure_ascii=False)


def test_a_new_edition_s_synonym_is_matched():
    data = downward_list_seed()
    data["groups"][4]["synonyms"]["慢胃"] = "慢性胃炎"
    edited = DiseaseListContent.model_validate({**data, "edition": 2}).to_list()
    assert not advise("慢胃", LIST).eligible
    assert advise("慢胃", edited).group.code == 5 and advise("慢胃", edited).edition == 2


@pytest.mark.parametrize("change, words", [
    (lambda d: d["groups"][0]["synonyms"].update({"UC": "克罗恩病"}), "须指向本组的病种"),
    (lambda d: d["groups"][0]["limits"].append("no_idea"), "不认识的排除条件"),
    (lambda d: d["groups"][1].update(code=1), "病组编号重复"),
    (lambda d: d["groups"][1]["diagnoses"].append("溃疡性结肠炎"), "同时出现在第1组和第2组"),
    (lambda d: d["groups"][2]["diagnoses"].append("哮\x00喘"), "控制字符"),
    (lambda d: d.update(groups=[]), "groups"),
])
def test_a_bad_list_is_refused_whole_with_the_place_named(change, words):
    data = json.loads(json.dumps(downward_list_seed()))
    change(data)
    with pytest.raises(ValidationError, match=words):
        DiseaseListContent.model_validate(data)

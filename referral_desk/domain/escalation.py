"""Escalation calls (催办): the center chasing a specialist or a department by phone."""

from enum import StrEnum


class CallResult(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    WILL_APPROVE = "will_approve"
    DECLINED = "declined"
    BED_RESERVED = "bed_reserved"
    OTHER = "other"

    @property
    def label(self) -> str:
        return CALL_RESULT_LABELS[self]


CALL_RESULT_LABELS = {
    CallResult.REACHED: "已接通",
    CallResult.NO_ANSWER: "未接听",
    CallResult.WILL_APPROVE: "将审核",
    CallResult.DECLINED: "拒绝",
    CallResult.BED_RESERVED: "已预留床位",
    CallResult.OTHER: "其他",
}


class Rung(StrEnum):
    """The ladder the center climbs when a request is not answered (issue 25): the specialist, then the
    department's head on the department list's phone, then the 医务科 on duty (a directory entry)."""

    SPECIALIST = "specialist"
    DEPARTMENT = "department"
    MEDICAL_AFFAIRS = "medical_affairs"

    @property
    def label(self) -> str:
        return RUNG_LABELS[self]


RUNG_LABELS = {Rung.SPECIALIST: "会诊医师", Rung.DEPARTMENT: "科主任（科室）", Rung.MEDICAL_AFFAIRS: "医务科值班"}
LADDER = (Rung.SPECIALIST, Rung.DEPARTMENT, Rung.MEDICAL_AFFAIRS)
# A call at a rung that leaves the request where it was: the next rung is suggested after it.
NOT_ANSWERED = frozenset({CallResult.NO_ANSWER, CallResult.DECLINED})


def suggested_rung(calls: list[tuple[str, str]], deadline_passed: bool) -> tuple[Rung, str]:
    """(rung, why) to call next, from this request's calls as (rung, result), oldest first. The highest
    rung called so far is called again unless its last call went unanswered or the deadline has passed;
    then the next one is suggested, with the reason."""
    if not calls:
        return Rung.SPECIALIST, ""
    top = max((Rung(r) for r, _res in calls), key=LADDER.index)
    last = [res for r, res in calls if r == top][-1]
    if top is LADDER[-1]:
        return top, ""
    following = LADDER[LADDER.index(top) + 1]
    if last in NOT_ANSWERED:
        return following, f"{top.label}{CallResult(last).label}"
    if deadline_passed:
        return following, "审核已超时"
    return top, ""

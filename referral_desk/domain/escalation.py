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

"""Errors the domain raises; each carries a Chinese message for the operator."""


class DomainError(Exception):
    """A rule was broken; `message` is the operator-facing Chinese text."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(DomainError):
    def __init__(self, entity: str, current: str, target: str, current_label: str, target_label: str) -> None:
        super().__init__(
            f"{entity}当前为「{current_label}」，不能改为「{target_label}」"
        )  # the operator reads Chinese only (issue 25); the codes stay on the error for logs and tests
        self.current = current
        self.target = target


class MissingRecord(DomainError):
    """The record a change is about is not there at all (not retired: absent). On a server restored from
    a backup it may come back when the desk that made it sends it again."""

"""Settings: where the data lives and the local policy, from a TOML file.

The file is `config.toml` in platformdirs' user config dir; every key is optional
and the seeds give the defaults.
"""

from __future__ import annotations

import getpass
import os
import socket
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import ConfigDict, Field, ValidationError, field_validator

from referral_desk.domain.bounds import Checked, Name, expected
from referral_desk.domain.errors import DomainError
from referral_desk.domain.policy import Policy
from referral_desk.domain.reminders import parse_leads
from referral_desk.domain.service_hours import ServiceHours, parse_periods

APP_NAME = "referral-desk"
DB_ENV = "REFERRAL_DESK_DB"
CONFIG_ENV = "REFERRAL_DESK_CONFIG"
TOKEN_ENV = "REFERRAL_DESK_TOKEN"  # the workstation token without it showing in `ps` or the config file


class ConfigError(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh}\n{en}")
        self.zh, self.en = zh, en


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_path() -> Path:
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_db_path() -> Path:
    return Path(os.environ[DB_ENV]) if os.environ.get(DB_ENV) else data_dir() / "desk.sqlite3"


def server_db_url() -> str:
    return f"sqlite:///{data_dir() / 'server.sqlite3'}"


def demo_db_path() -> Path:
    # Its own file: the demo never touches the real store.
    return data_dir() / "demo.sqlite3"


def _default_operator() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "operator"


_URL_KEYS = ("wecom_webhook", "sms_webhook", "server_url")


class Settings(Checked):
    """The `[desk]` table of config.toml. Every key is optional; the defaults come from the seeds.
    Unknown keys, wrong types (strict: `refresh_seconds = "3"` is refused), out-of-range numbers and
    control characters are refused with the key named (load_settings)."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True, use_attribute_docstrings=True)

    operator: Name = Field(default_factory=_default_operator, min_length=1, max_length=40)
    """The name until someone signs in (the command line's --operator signs in)."""
    sign_in: bool = True
    """The desk opens by asking who is at it; the audit log names that person."""
    workstation: str = Field(default_factory=socket.gethostname, min_length=1, max_length=60)
    """This desk's name in the audit log (a sync token's name replaces it on the server)."""
    timezone: str = Field("Asia/Shanghai", min_length=1, max_length=60)
    """Times are stored in UTC and shown in this zone."""
    service_hours: str = Field("08:00-12:00,13:30-23:00", max_length=200)
    """000: the consultation service hours."""
    reply_limit_minutes: int = Field(60, gt=0, le=24 * 60)
    """002 五(二): reply within this many minutes."""
    reply_limit_in_service_hours: bool = True
    """The reply clock stops outside the service hours (12:00-13:30 and overnight)."""
    reminder_lead_minutes: int = Field(30, gt=0, le=24 * 60)
    """Deadline = min(submitted + limit, appointment - lead)."""
    bed_coordination_horizon_hours: int = Field(24, gt=0, le=24 * 30)
    """Unreserved beds this close to the window need the center."""
    refresh_seconds: float = Field(3.0, ge=0.5, le=60)
    """The panes are read again this often."""
    server_url: str = Field("", max_length=500)
    """The central server; leave out to work alone."""
    server_token: str = Field("", max_length=200)
    """From `referral-desk server token create` (or the REFERRAL_DESK_TOKEN environment variable)."""
    server_token_file: str = Field("", max_length=1000)
    """A file holding the token (mode 600), read at start: the token stays out of this file and its backups."""
    server_ca: str = Field("", max_length=1000)
    """A CA certificate (PEM) the server's https certificate must chain to; the system's CAs if empty."""
    sync_seconds: float = Field(5.0, ge=0.5, le=3600)
    """How often the desk syncs while online."""
    wecom_webhook: str = Field("", max_length=500)
    """A WeCom group robot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"""
    sms_webhook: str = Field("", max_length=500)
    """The hospital SMS gateway's JSON endpoint."""
    sms_token: str = Field("", max_length=200)
    """Sent to the SMS gateway as Authorization: Bearer."""
    auto_reminder_minutes: str = Field("", max_length=100)
    """Automatic reminders this long before the approval deadline, e.g. "30,10"."""
    expire_overdue_after_minutes: int = Field(0, le=7 * 24 * 60)
    """>0: requests this long past the deadline are marked expired; 0: only an operator expires them."""
    up_follow_up_days: int = Field(5, gt=0, le=365)
    """003 附件1 三(一): follow up an upward referral this many days after the transfer."""
    admission_hours: str = Field("08:00-17:00", max_length=50)
    """A department's default admission window opens and closes."""
    slip_font: str = Field("", max_length=1000)
    """A .ttf/.ttc with Chinese for the guide slip PDF; looked for on the system if empty."""
    slip_dir: str = Field("", max_length=1000)
    """Where the desk writes guide slips; the data dir's "slips" if empty."""
    report_dir: str = Field("", max_length=1000)
    """Where the statistics screen and the handover write files; the data dir's "reports" if empty."""
    look: Literal["dark", "light"] = "dark"
    """"light" for a light-background terminal or a bright room; the palette's 浅色外观 tries it for a session."""

    @field_validator(*_URL_KEYS)
    @classmethod
    def _http(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("应以 http:// 或 https:// 开头")
        return value

    @field_validator("auto_reminder_minutes")
    @classmethod
    def _leads(cls, value: str) -> str:
        try:
            parse_leads(value)
        except DomainError as exc:
            raise ValueError(exc.message) from None
        return value

    @field_validator("expire_overdue_after_minutes")
    @classmethod
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError("不能为负数（0 表示只由操作员标记过期）")
        return value

    def with_changes(self, **changes) -> Settings:
        """A copy with some keys changed, checked like the file (an --operator with a control character)."""
        try:
            return Settings(**{**self.model_dump(), **changes})
        except ValidationError as exc:
            error = exc.errors()[0]
            key = str(error["loc"][0]) if error.get("loc") else "?"
            raise ConfigError(f"「{key}」{expected(error)}", f"{key}: {error.get('msg', '')}") from None

    def report_path(self) -> Path:
        return Path(self.report_dir).expanduser() if self.report_dir else data_dir() / "reports"

    def slip_path(self) -> Path:
        return Path(self.slip_dir).expanduser() if self.slip_dir else data_dir() / "slips"

    @property
    def auto_leads(self) -> tuple[int, ...]:
        return parse_leads(self.auto_reminder_minutes)

    def policy(self) -> Policy:
        try:
            tz = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"未知时区「{self.timezone}」", f"unknown time zone {self.timezone!r}") from None
        try:
            hours = ServiceHours(parse_periods(self.service_hours))
        except ValueError as exc:
            raise ConfigError(f"service_hours 配置错误：{exc}", f"bad service_hours: {self.service_hours!r}") from None
        try:
            admission = parse_periods(self.admission_hours)
            if len(admission) != 1:
                raise ValueError("只能写一个时段，如 08:00-17:00")
        except ValueError as exc:
            raise ConfigError(f"admission_hours 配置错误：{exc}",
                              f"bad admission_hours: {self.admission_hours!r}") from None
        return Policy(
            tz=tz,
            service_hours=hours,
            reply_limit=timedelta(minutes=self.reply_limit_minutes),
            reply_limit_in_service_hours=self.reply_limit_in_service_hours,
            reminder_lead=timedelta(minutes=self.reminder_lead_minutes),
            bed_coordination_horizon=timedelta(hours=self.bed_coordination_horizon_hours),
            up_follow_up_days=self.up_follow_up_days,
            admission_opens=admission[0].start, admission_closes=admission[0].end,
            expire_after=(timedelta(minutes=self.expire_overdue_after_minutes)
                          if self.expire_overdue_after_minutes > 0 else None),
        )


def load_settings(path: Path | None = None) -> Settings:
    settings = _load_settings(path)
    if os.environ.get(TOKEN_ENV):
        settings = settings.with_changes(server_token=os.environ[TOKEN_ENV].strip())
    elif settings.server_token_file and not settings.server_token:
        settings = settings.with_changes(server_token=read_token_file(settings.server_token_file))
    return settings


TOKEN_FILE_MAX_BYTES = 4096  # a token is 43 characters; anything far larger is not a token file


def read_token_file(name: str) -> str:
    """The token, read only from a regular file of token size: a pipe or device named by mistake would
    hang the desk at start, a wrong large file would be read whole."""
    import stat

    path = Path(name).expanduser()
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"「server_token_file」{path} 不是普通文件",
                              f"server_token_file: {path} is not a regular file")
        if info.st_size > TOKEN_FILE_MAX_BYTES:
            raise ConfigError(f"「server_token_file」{path} 过大（{info.st_size} 字节），不是令牌文件",
                              f"server_token_file: {path} is too large to be a token file")
        token = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        why = getattr(exc, "strerror", None) or "不是文本文件"
        raise ConfigError(f"「server_token_file」无法读取 {path}（{why}）",
                          f"server_token_file: cannot read {path}") from None
    if not token:
        raise ConfigError(f"「server_token_file」{path} 是空文件：应含 server token create 给出的令牌",
                          f"server_token_file: {path} is empty")
    return token


def token_file_warning(settings: Settings) -> str | None:
    """A token file other users can read: anyone on this machine could sync as this desk."""
    if not settings.server_token_file:
        return None
    path = Path(settings.server_token_file).expanduser()
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return None
    if not mode & 0o077:
        return None
    return (f"令牌文件 {path} 其他用户可读（{mode:o}）：请执行 chmod 600 {path} / the token file is readable by "
            "other users: chmod 600 it")


def _load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    if not path.exists():
        if os.environ.get(CONFIG_ENV):  # named on purpose: a typing mistake must not be ignored
            raise ConfigError(f"找不到配置文件 {path}（环境变量 {CONFIG_ENV}）",
                              f"no config file {path} ({CONFIG_ENV})")
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 无法读取：{exc}", f"cannot read config {path}: {exc}") from None
    stray = [key for key in raw if key != "desk"]
    if stray:  # settings written above [desk] were ignored without a word (a soak run's config, issue 28)
        tables = [f"[{key}]" for key in stray if isinstance(raw[key], dict)]
        keys = [key for key in stray if not isinstance(raw[key], dict)]
        found = "、".join((keys + tables)[:5])
        where = "顶层有" if keys else "另有表"
        raise ConfigError(f"配置文件 {path}：设置须写在 [desk] 之下，{where} {found}",
                          f"config {path}: settings belong under [desk]; also found: {', '.join((keys + tables)[:5])}")
    desk = raw.get("desk", {})
    if not isinstance(desk, dict):
        raise ConfigError(f"配置文件 {path}：[desk] 应为一个表", f"config {path}: [desk] must be a table")
    try:
        settings = Settings(**desk)
    except ValidationError as exc:
        raise _config_error(path, exc.errors()[0]) from None
    settings.policy()  # validate time zone and hours now, not on first use
    return settings


_TYPE_WORDS = {"int_type": "整数", "float_type": "数字", "bool_type": "true 或 false", "string_type": "文字（加引号）"}


def _config_error(path: Path, error: dict) -> ConfigError:
    key = str(error["loc"][0]) if error.get("loc") else "desk"
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return ConfigError(f"配置文件 {path}：未知的设置项「{key}」", f"config {path}: unknown key {key!r}")
    if kind in _TYPE_WORDS:
        return ConfigError(f"配置文件 {path}：「{key}」的值 {error.get('input')!r} 类型不对，应为{_TYPE_WORDS[kind]}",
                           f"config {path}: {key} has the wrong type")
    return ConfigError(f"配置文件 {path}：「{key}」{expected(error)}", f"config {path}: {key}: {error.get('msg', '')}")

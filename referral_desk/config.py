"""Settings: where the data lives and the local policy, from a TOML file.

The file is `config.toml` in platformdirs' user config dir; every key is optional
and the seeds give the defaults.
"""

from __future__ import annotations

import getpass
import os
import socket
import tomllib
from dataclasses import replace, dataclass, field
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

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


@dataclass(frozen=True)
class Settings:
    operator: str = field(default_factory=_default_operator)
    sign_in: bool = True  # the desk asks who is at it when it opens (--operator answers it)
    workstation: str = field(default_factory=socket.gethostname)
    timezone: str = "Asia/Shanghai"
    service_hours: str = "08:00-12:00,13:30-23:00"
    reply_limit_minutes: int = 60
    reply_limit_in_service_hours: bool = True
    reminder_lead_minutes: int = 30
    bed_coordination_horizon_hours: int = 24
    refresh_seconds: float = 3.0
    server_url: str = ""
    server_token: str = ""
    sync_seconds: float = 5.0
    wecom_webhook: str = ""  # a WeCom group robot: https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...
    sms_webhook: str = ""  # the hospital SMS gateway's JSON endpoint
    sms_token: str = ""
    auto_reminder_minutes: str = ""  # e.g. "30,10": remind this long before the approval deadline
    expire_overdue_after_minutes: int = 0  # 0: requests are expired only by an operator
    up_follow_up_days: int = 5  # 003: follow up an upward referral this many days after the transfer
    admission_hours: str = "08:00-17:00"  # a department's default admission window opens and closes
    slip_font: str = ""  # a .ttf/.ttc with Chinese for the guide slip PDF; looked for on the system if empty
    slip_dir: str = ""  # where the desk writes guide slips; the data dir's "slips" if empty
    report_dir: str = ""  # where the statistics screen writes reports; the data dir's "reports" if empty

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
            raise ConfigError(f"admission_hours 配置错误：{exc}", f"bad admission_hours: {self.admission_hours!r}") from None
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


_TYPES = {
    "operator": str, "sign_in": bool, "workstation": str, "timezone": str, "service_hours": str,
    "reply_limit_minutes": int, "reply_limit_in_service_hours": bool, "reminder_lead_minutes": int,
    "bed_coordination_horizon_hours": int, "refresh_seconds": (int, float), "server_url": str, "server_token": str,
    "sync_seconds": (int, float), "wecom_webhook": str, "sms_webhook": str, "sms_token": str,
    "auto_reminder_minutes": str, "expire_overdue_after_minutes": int, "up_follow_up_days": int,
    "admission_hours": str, "slip_font": str, "slip_dir": str, "report_dir": str,
}


def load_settings(path: Path | None = None) -> Settings:
    settings = _load_settings(path)
    if os.environ.get(TOKEN_ENV):
        settings = replace(settings, server_token=os.environ[TOKEN_ENV].strip())
    return settings


def _load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    if not path.exists():
        if os.environ.get(CONFIG_ENV):  # named on purpose: a typing mistake must not be ignored
            raise ConfigError(f"找不到配置文件 {path}（环境变量 {CONFIG_ENV}）", f"no config file {path} ({CONFIG_ENV})")
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"配置文件 {path} 无法读取：{exc}", f"cannot read config {path}: {exc}") from None
    desk = raw.get("desk", {})
    values = {}
    for key, value in desk.items():
        expected = _TYPES.get(key)
        if expected is None:
            raise ConfigError(f"配置文件 {path}：未知的设置项「{key}」", f"config {path}: unknown key {key!r}")
        if isinstance(value, bool) and expected is not bool or not isinstance(value, expected):
            raise ConfigError(
                f"配置文件 {path}：「{key}」的值 {value!r} 类型不对", f"config {path}: {key} has the wrong type"
            )
        values[key] = value
    for key in ("reply_limit_minutes", "reminder_lead_minutes", "bed_coordination_horizon_hours",
                "up_follow_up_days"):
        if key in values and values[key] <= 0:
            raise ConfigError(f"配置文件 {path}：「{key}」须为正数", f"config {path}: {key} must be positive")
    if values.get("expire_overdue_after_minutes", 0) < 0:
        raise ConfigError(f"配置文件 {path}：expire_overdue_after_minutes 不能为负数（0 表示只由操作员标记过期）",
                          f"config {path}: expire_overdue_after_minutes must be 0 or more")
    if "refresh_seconds" in values and not 0.5 <= values["refresh_seconds"] <= 60:
        raise ConfigError(f"配置文件 {path}：refresh_seconds 须在 0.5-60 之间",
                          f"config {path}: refresh_seconds must be 0.5-60")
    for key in ("wecom_webhook", "sms_webhook", "server_url"):
        if values.get(key) and not values[key].startswith(("http://", "https://")):
            raise ConfigError(f"配置文件 {path}：「{key}」应以 http:// 或 https:// 开头",
                              f"config {path}: {key} must be an http(s) URL")
    try:
        parse_leads(values.get("auto_reminder_minutes", ""))
    except DomainError as exc:
        raise ConfigError(f"配置文件 {path}：{exc.message}", f"config {path}: bad auto_reminder_minutes") from None
    settings = Settings(**values)
    settings.policy()  # validate time zone and hours now, not on first use
    return settings

"""`referral-desk`: open the desk, or answer a question from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from referral_desk import release
from referral_desk.cli_failure import fail as _fail
from referral_desk.clock import Clock, clock_from_environment
from referral_desk.config import ConfigError, Settings, data_dir, default_db_path, demo_db_path, load_settings
from referral_desk.domain.bounds import EARLIEST, LATEST, explain, visible
from referral_desk.domain.consultation import format_countdown, urgency
from referral_desk.domain.identity import mask_id_number
from referral_desk.store.database.errors import StoreOpenError, describe_db_error
from referral_desk.store.database.ids import short_ref

DEMO_MAX_AGE = timedelta(minutes=30)
MAX_DIAGNOSIS = 500  # downward check: a diagnosis line, not a document
MAX_LIST_FILE = 1024 * 1024  # a disease list is tens of KB; a bigger file is the wrong file


def _date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD / date must be YYYY-MM-DD: {text!r}") from None
    if not EARLIEST.date() <= day < LATEST.date():  # the same window as every command's dates
        raise argparse.ArgumentTypeError(f"日期须在 {EARLIEST.year}-{LATEST.year} 年之间 / date out of range: {text!r}")
    return day


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        days = 0
    if not 1 <= days <= 3650:
        raise argparse.ArgumentTypeError(f"天数应为 1-3650 / days must be 1-3650: {text!r}")
    return days


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if not 1 <= workers <= 32:
        raise argparse.ArgumentTypeError(f"进程数应为 1-32 / workers must be 1-32: {text!r}")
    return workers


def _bounded(kind: type, low: float, high: float, what: str):
    """An argparse type for a number within [low, high], refused in words (issue 23: every number bounded)."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what}应为 {low:g}-{high:g} / must be {low:g}-{high:g}: {text!r}")
        return value

    return parse


def _percent(text: str) -> int:
    try:
        value = int(text.strip().removesuffix("%").removesuffix("％"))
    except ValueError:
        value = 0
    if not 1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"比例应为 1-100 的整数，如 10% / share must be 1-100: {text!r}")
    return value


def _count(text: str) -> int:
    value = text.strip().replace(",", "")
    if not value.isdigit() or int(value) > 10_000_000:
        raise argparse.ArgumentTypeError(f"应为 0-10000000 的整数 / must be a whole number 0-10,000,000: {text!r}")
    return int(value)


def _month(text: str) -> date:
    from referral_desk.domain.errors import DomainError
    from referral_desk.domain.roster_sheet import parse_month

    try:
        month = parse_month(text)
    except DomainError:
        raise argparse.ArgumentTypeError(f"月份应为 YYYY-MM / month must be YYYY-MM: {text!r}") from None
    return _date(month.isoformat())


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    where = common.add_mutually_exclusive_group()
    # SUPPRESS keeps a sub-command's copy from overwriting the top-level value.
    where.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                       help="数据文件 / store file (default: REFERRAL_DESK_DB or the user data dir)")
    where.add_argument("--demo", action="store_true", default=argparse.SUPPRESS,
                       help="打开演示数据（独立文件）/ open the separate demo store")
    common.add_argument("--operator", default=argparse.SUPPRESS, help="操作员姓名 / operator name")
    common.add_argument("--readonly", action="store_true", default=argparse.SUPPRESS,
                        help="只读（督导）：不能修改数据 / supervisor view, nothing is changed")
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="referral-desk", parents=[common],
        description="转会诊中心转诊台 / Referral Desk of the transfer-and-consultation center",
    )
    parser.add_argument("--version", action="version", version=release.words(),
                        help="版本与数据结构版本 / the release and the schemas it reads and writes")
    parser.add_argument("--exit-when-ready", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--headless", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    roster = sub.add_parser("roster", help="排班 / roster")
    roster_sub = roster.add_subparsers(dest="roster_command", metavar="ACTION", required=True)
    today = roster_sub.add_parser("today", parents=[common], help="当天值班 / who is on duty")
    today.add_argument("--date", type=_date, help="YYYY-MM-DD (default: today)")
    today.add_argument("--json", action="store_true")

    load = roster_sub.add_parser("import", parents=[common], help="导入月排班 / import a month (.xlsx or .csv)")
    load.add_argument("file", type=Path, help="排班表 .xlsx 或 .csv / the roster file")
    load.add_argument("--month", type=_month, help="YYYY-MM（表中无法看出月份时必填）/ when the sheet does not say")
    load.add_argument("--check", action="store_true", help="只检查，不写入 / report without writing")

    directory = sub.add_parser("directory", help="通讯录 / phone directory")
    directory_sub = directory.add_subparsers(dest="directory_command", metavar="ACTION", required=True)
    search = directory_sub.add_parser("search", parents=[common], help="搜索 / search")
    search.add_argument("query", help="中文、全拼、首字母或号码 / Chinese, pinyin, initials or digits")
    search.add_argument("--json", action="store_true")
    dir_set = directory_sub.add_parser("set", parents=[common],
                                       help="补号码、改号码或新增 / fill, change or add a number")
    dir_set.add_argument("unit", help="单位名称 / the unit")
    dir_set.add_argument("--contact", help="联系人或科室 / the contact")
    dir_set.add_argument("--phone", required=True, help="电话 / the number")
    dir_set.add_argument("--purpose", help="用途：转诊咨询、投诉… / purpose")
    dir_set.add_argument("--replace", metavar="OLD_PHONE", help="替换哪个号码（有多条时）/ the number to replace")
    dir_set.add_argument("--add", action="store_true", help="新增单位或联系人 / add a new unit or contact")
    retire = directory_sub.add_parser("retire", parents=[common], help="停用一个条目 / retire an entry")
    retire.add_argument("unit", help="单位名称 / the unit")
    retire.add_argument("--contact", help="联系人或科室 / the contact")
    retire.add_argument("--phone", help="电话（有多条时用来指明）/ the number, to tell entries apart")
    retire.add_argument("--reason", required=True, help="停用原因 / why")

    downward = sub.add_parser("downward", help="下转病种清单 / the downward-referral disease list")
    downward_sub = downward.add_subparsers(dest="downward_command", metavar="ACTION", required=True)
    check = downward_sub.add_parser("check", parents=[common],
                                    help="按现行清单判断一个诊断 / judge a diagnosis against the list in force")
    check.add_argument("diagnosis", help="诊断文本 / the diagnosis as written")
    check.add_argument("--stable", action="store_true", help="病情稳定/康复期（000 三(1)）/ stable or rehabilitation")
    check.add_argument("--json", action="store_true")
    listing = downward_sub.add_parser("list", parents=[common], help="现行清单与历次版本 / the list and its editions")
    listing.add_argument("--json", action="store_true")
    export = downward_sub.add_parser("export", parents=[common], help="导出现行清单为 JSON 以便修改 / export to edit")
    export.add_argument("file", help="写入的 .json 文件 / the file to write")
    export.add_argument("--force", action="store_true", help="覆盖已有文件 / replace an existing file")
    publish = downward_sub.add_parser("publish", parents=[common],
                                      help="发布修改后的清单为新版本 / publish an edited list as the next edition")
    publish.add_argument("file", help="修改后的 .json 文件 / the edited file")
    publish.add_argument("--check", action="store_true", help="只检查不发布 / check only")

    report = sub.add_parser("report", parents=[common], help="统计报表 / the statistics as xlsx or csv")
    report.add_argument("--from", dest="first", type=_date, required=True, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="last", type=_date, required=True, metavar="YYYY-MM-DD")
    report.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    report.add_argument("--force", action="store_true", help="覆盖已有文件 / replace existing files")
    report.add_argument("--out", required=True, metavar="FILE",
                        help="xlsx: the file; csv: FILE-汇总.csv, FILE-按日.csv, … beside it")

    department = sub.add_parser("department", help="接收科室 / receiving departments")
    department_sub = department.add_subparsers(dest="department_command", metavar="ACTION", required=True)
    department_sub.add_parser("list", parents=[common], help="列出 / list")
    dset = department_sub.add_parser("set", parents=[common], help="新增或修改 / add or change one")
    dset.add_argument("name", help="科室名称 / the department's name")
    dset.add_argument("--add", action="store_true", help="新增科室（名称须不在列表中）/ add a new department")
    dset.add_argument("--phone", help="科室电话 / phone")
    reserve = dset.add_mutually_exclusive_group()  # a count or a share, never both at once
    reserve.add_argument("--beds", type=int, help="转诊专用床位数 / beds kept for referred patients (004)")
    reserve.add_argument("--share", type=_percent, help="专用床位占总床位的比例，如 10%% / the reserve as a share")
    dset.add_argument("--total-beds", type=int, help="科室总床位数 / the department's beds")
    dset.add_argument("--window-offset", type=int, help="默认入住时间从几天后开始 / default window starts after N days")
    dset.add_argument("--window-days", type=int, help="默认入住时间持续几天 / default window lasts N days")

    dqueue = department_sub.add_parser("queue", parents=[common],
                                       help="科室某日的转诊患者队列（优先在前）/ a day's referred patients, 优先 first")
    dqueue.add_argument("name", help="科室名称 / the department's name")
    dqueue.add_argument("--unit", help="转入单位（默认市医院）/ the receiving unit (default: the city hospital)")
    dqueue.add_argument("--date", dest="day", type=_date, help="日期（默认今天）/ the day (default: today)")

    slots = sub.add_parser("slots", help="门诊号源预留（004）/ outpatient slots kept for referred patients")
    slots_sub = slots.add_subparsers(dest="slots_command", metavar="ACTION", required=True)
    slots_list = slots_sub.add_parser("list", parents=[common], help="各单位科室的预留与某日占用 / reserves and use")
    slots_list.add_argument("--date", dest="day", type=_date, help="日期（默认今天）/ the day (default: today)")
    sset = slots_sub.add_parser("set", parents=[common], help="设置一个科室每日预留的门诊号源 / set one")
    sset.add_argument("unit", help="单位（市医院或医联体单位）/ the unit whose department keeps them")
    sset.add_argument("department", help="科室 / the department")
    how = sset.add_mutually_exclusive_group(required=True)
    how.add_argument("--slots", type=int, help="每日预留号源数 / slots kept a day")
    how.add_argument("--share", type=_percent, help="占每日号源的比例，如 10%% / a share of the daily slots")
    sset.add_argument("--daily-slots", type=int, help="科室每日号源总数（按比例时必填）/ the department's slots a day")

    visits = sub.add_parser("visits", help="各单位每月诊疗人次（转诊率的分母）/ monthly visits per unit")
    visits_sub = visits.add_subparsers(dest="visits_command", metavar="ACTION", required=True)
    vlist = visits_sub.add_parser("list", parents=[common], help="列出 / list")
    vlist.add_argument("--month", type=_month, help="只看某月 YYYY-MM / one month")
    vset = visits_sub.add_parser("set", parents=[common], help="录入或改正一个单位一个月 / one unit, one month")
    vset.add_argument("unit", help="单位 / the alliance unit")
    vset.add_argument("month", type=_month, help="月份 YYYY-MM")
    vset.add_argument("visits", type=_count, help="诊疗人次 / visits")
    vimport = visits_sub.add_parser("import", parents=[common],
                                    help="从 .xlsx/.csv 导入（表头：单位、月份、诊疗人次）/ import a sheet")
    vimport.add_argument("file", type=Path)
    vimport.add_argument("--check", action="store_true", help="只检查不保存 / check only")

    slip = sub.add_parser("slip", parents=[common], help="双向转诊引导单 PDF / the guide slip as a PDF")
    slip.add_argument("referral", metavar="REFERRAL_ID", help="转诊编号（完整或6位）/ full id or 6-character ref")
    slip.add_argument("--out", required=True, metavar="FILE.pdf")
    slip.add_argument("--force", action="store_true", help="覆盖已有文件 / replace an existing file")
    slip.add_argument("--paper", choices=("A4", "A5"), default="A4")

    queue = sub.add_parser("queue", parents=[common], help="待审核与床位协调 / approvals and beds panes")
    queue.add_argument("--json", action="store_true")

    sync = sub.add_parser("sync", parents=[common], help="与服务器同步一轮 / one sync round with the server")
    sync.add_argument("--server", metavar="URL", help="e.g. http://127.0.0.1:8750 (default: config file)")
    sync.add_argument("--token", help="workstation token; visible to other users in `ps`: prefer "
                      "REFERRAL_DESK_TOKEN or --token-file (default: the config file)")
    sync.add_argument("--token-file", metavar="PATH", help="a file holding the workstation token")
    sync.add_argument("--adopt-server", action="store_true",
                      help="改用另一台服务器（标识不同）：重新推送近 30 天的更改并从头拉取 / take a server of another "
                           "installation as this desk's own: send the last 30 days' changes there, pull everything")

    store = sub.add_parser("store", help="数据文件维护（信息科）/ the store file, for IT")
    store_sub = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    store_sub.add_parser("check", parents=[common], help="完整性检查 / SQLite integrity_check, exit 1 if damaged")
    backup = store_sub.add_parser("backup", parents=[common],
                                  help="在线备份（转诊台运行时也安全）/ online backup, safe while the desk runs")
    backup.add_argument("file", metavar="FILE", help="备份文件 / the backup to write")
    backup.add_argument("--force", action="store_true", help="覆盖已有文件 / replace an existing file")

    server_db = argparse.ArgumentParser(add_help=False)
    server_db.add_argument("--database-url", metavar="URL",
                           help="sqlite:///PATH or postgresql+psycopg://... (default: server.sqlite3 in the data dir)")
    serve = sub.add_parser("serve", parents=[server_db], help="运行中心服务器 / run the central server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_bounded(int, 1, 65535, "端口"), default=8750)
    serve.add_argument("--log-level", default="info", choices=("debug", "info", "warning", "error"))
    serve.add_argument("--log-format", default="text", choices=("text", "json"),
                       help="日志格式：text（journal）或 json（每行一个对象，供医院的日志系统）/ "
                            "log lines as text or JSON")
    serve.add_argument("--api-docs", action="store_true",
                       help="在 /docs 提供交互式接口文档（其脚本来自互联网 CDN，内网中为空白页；"
                            "/openapi.json 始终可用）/ "
                            "the interactive API page at /docs (loads its script from a CDN)")
    serve.add_argument("--workers", type=_workers, default=1, metavar="N",
                       help="服务进程数（1-32，共用同一数据库，建议 PostgreSQL）/ "
                            "server processes sharing the database")
    serve.add_argument("--ssl-certfile", metavar="PEM", help="服务器证书（含中间证书），与 --ssl-keyfile 同用 / "
                                                           "the server's certificate chain; with --ssl-keyfile: https")
    serve.add_argument("--ssl-keyfile", metavar="PEM", help="证书私钥 / its private key")
    serve.add_argument("--forwarded-allow-ips", default="", metavar="IPS",
                       help="只信任这些反向代理发来的 X-Forwarded-For（逗号分隔的地址或网段；默认不信任任何）/ "
                            "proxies whose X-Forwarded-For is believed (default: none)")
    serve.add_argument("--max-connections", type=_bounded(int, 16, 100_000, "连接数上限"), default=1000, metavar="N",
                       help="每个进程同时保持的连接数上限；"
                            "满时先关闭空闲最久的连接（默认 1000，且低于打开文件数上限）/ "
                            "open connections per worker; the longest idle makes room (default 1000)")
    serve.add_argument("--header-timeout", type=_bounded(float, 1, 600, "请求头超时"), default=10.0, metavar="S",
                       help="连接后须在几秒内发完请求头（默认 10）/ seconds to send the request headers (default 10)")
    serve.add_argument("--body-timeout", type=_bounded(float, 1, 3600, "请求体超时"), default=60.0, metavar="S",
                       help="须在几秒内发完请求体（默认 60）/ seconds to send the request body (default 60)")
    serve.add_argument("--max-in-hand", type=_bounded(int, 1, 100_000, "同时处理的同步请求数"), default=1000,
                       metavar="N", help="每个进程同时处理的同步请求上限，超出即答 503 让工作站稍后再试（默认 1000）/ "
                                         "sync calls answered at once per worker; more get a 503 (default 1000)")
    serve.add_argument("--no-access-log", action="store_true",
                       help="不记录每个请求的访问日志（其余日志照常）/ no line per request in the log")
    serve.add_argument("--worker-healthcheck-timeout", type=_bounded(int, 5, 600, "进程检测超时"), default=30,
                       metavar="S", help="多进程时，某进程几秒不应答即重启它（默认 30）/ "
                                         "seconds before an unresponsive worker is replaced (default 30)")
    serve.add_argument("--keep-alive", type=_bounded(int, 1, 600, "空闲连接保持时间"), default=30, metavar="S",
                       help="两次请求之间空闲连接保留几秒（默认 30；工作站每 2-5 秒同步一次）/ "
                            "seconds an idle keep-alive connection stays open (default 30)")

    server = sub.add_parser("server", help="服务器管理 / server administration")
    server_sub = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    token = server_sub.add_parser("token", help="工作站令牌 / workstation tokens")
    token_sub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = token_sub.add_parser("create", parents=[server_db], help="新建令牌（只显示一次）/ create, shown once")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=("operator", "supervisor"),
                        help="operator：读写；supervisor：只读，只记录自己的查看与导出 / read-write, or read-only")
    create.add_argument("--expires-days", type=_days, metavar="N",
                        help="N 天后失效（1-3650；默认不失效，直到吊销）/ expires after N days")
    token_sub.add_parser("list", parents=[server_db], help="列出 / list")
    revoke = token_sub.add_parser("revoke", parents=[server_db], help="吊销 / revoke")
    revoke.add_argument("name")
    server_backup = server_sub.add_parser("backup", parents=[server_db],
                                          help="备份服务器数据库到目录（新文件，运行中也可）/ back up into a folder")
    server_backup.add_argument("folder", metavar="DIR")
    server_backup.add_argument("--keep", type=_bounded(int, 1, 10_000, "保留份数"), metavar="N",
                               help="写好新备份后，只保留目录中最新的 N 份服务器备份（删除更早的）/ "
                                    "then keep only the newest N server backups in DIR")
    server_restore = server_sub.add_parser("restore", parents=[server_db],
                                           help="用备份替换服务器数据库（先停止服务）/ "
                                                "replace the database with a backup")
    server_restore.add_argument("file", metavar="FILE")
    server_restore.add_argument("--force", action="store_true",
                                help="确认替换现有数据库 / yes, replace the server's database")
    migrate = server_sub.add_parser("migrate", parents=[server_db],
                                    help="升级服务器数据库结构（先停止服务）/ upgrade the database's schema")
    migrate.add_argument("--check", action="store_true",
                         help="只查看，不改动；有待执行的升级时退出码为 1 / look only; exit 1 if upgrades are pending")
    migrate.add_argument("--backup-dir", metavar="DIR",
                         help="升级前先备份到此目录 / back up into DIR before upgrading")
    return parser


def open_service(args, settings: Settings, clock: Clock):
    from referral_desk.desk.core import DeskFolders
    from referral_desk.desk.desk import Desk
    from referral_desk.store.database.engine import open_store
    from referral_desk.store.writes.actor import Actor

    policy = settings.policy()
    if getattr(args, "demo", False):
        path = demo_db_path()
        store = _open_demo(path, policy, clock)
    else:
        path = _store_path(args)
        store = open_store(path, make_folder=not getattr(args, "db", None) and path.parent == data_dir())
    folders = DeskFolders(reports=settings.report_path(), slips=settings.slip_path(), slip_font=settings.slip_font)
    service = Desk(store, policy, clock, Actor(settings.operator, settings.workstation), folders)
    from referral_desk.store.reads.roles import READ_ONLY_ROLES, remembered_role

    service.readonly = getattr(args, "readonly", False) or remembered_role(store) in READ_ONLY_ROLES
    return service, store


def _open_demo(path: Path, policy, clock: Clock):
    from referral_desk.store.database.engine import open_store
    from referral_desk.store.demo import build_demo, demo_built_at, mark_demo

    if path.exists():
        store = open_store(path, make_folder=True)
        built = demo_built_at(store)
        if built is not None and clock.now() - built < DEMO_MAX_AGE:
            return store
        store.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(path, make_folder=True)
    build_demo(store, policy, clock)
    mark_demo(store, clock.now())
    return store


SERVER_PARTS = ("fastapi", "uvicorn", "alembic", "psycopg", "prometheus_client", "cryptography")


def missing_server_parts() -> list[str]:
    """The `server` extra's packages this install lacks, by name (none when all are there)."""
    from importlib.util import find_spec

    return [name for name in SERVER_PARTS if find_spec(name) is None]


def main(argv: list[str] | None = None, clock: Clock | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if clock is None:
        try:
            clock = clock_from_environment()
        except ValueError as exc:
            return _fail("时钟设置有误（环境变量 REFERRAL_DESK_START_AT / REFERRAL_DESK_CLOCK_SPEED）", str(exc))
    if args.command in ("serve", "server"):
        missing = missing_server_parts()
        if missing:  # a desk's install: the server's parts are the `server` extra
            return _fail(f"本机安装的是工作站版，不含中心服务器组件（缺少 {'、'.join(missing)}）："
                         "请安装 referral-desk[server]",
                         f"this is a desk's install without the server's parts ({', '.join(missing)}): "
                         "install referral-desk[server]")
        from referral_desk.server.cli import run_server_command

        return run_server_command(args, clock)
    try:
        settings = load_settings()
        if getattr(args, "operator", None):
            settings = settings.with_changes(operator=args.operator)
        if args.command is None:
            return _run_desk_in_words(args, settings, clock)
        service, store = open_service(args, settings, clock)
    except (StoreOpenError, ConfigError) as exc:
        return _fail(exc.zh, exc.en)
    try:
        code = _run_command(service, settings, args)
        sys.stdout.flush()  # inside the try: a reader gone away is found here, not at exit
        if store.damaged and args.command != "store":  # `store check` says it in its own words
            print("警告：数据文件已损坏，以上内容可能不完整或有误；已停止写入："
                  "请联系信息科，用 referral-desk store check 检查、"
                  "从最近的备份恢复\nwarning: the store is damaged; what was shown may be incomplete: restore a backup",
                  file=sys.stderr)
            return max(code, 1)
        return code
    except BrokenPipeError:
        # The reader went away (`queue --json | head`): not an error. Python's own flush at exit
        # would fail again on the closed pipe, so stdout goes nowhere from here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001  an operator sees a sentence, never a traceback
        from sqlalchemy.exc import SQLAlchemyError  # loaded by then: the command opened the store

        if isinstance(exc, SQLAlchemyError):
            zh, en = describe_db_error(exc, store.path)
            print(f"错误：{zh}，本次操作未写入任何内容\nerror: {en}; nothing was written", file=sys.stderr)
            return 3
        from referral_desk.domain.errors import DomainError

        if isinstance(exc, DomainError):  # a rule met deep in a command (a damaged store refusing a sync's write)
            return _fail(exc.message, "refused; nothing was written")
        # The type only: an exception's text can quote the values it choked on (patient data).
        print(f"意外错误（{type(exc).__name__}），本次操作未写入任何内容\nunexpected error, nothing was written",
              file=sys.stderr)
        return 3
    finally:
        store.close()


def _run_command(service, settings, args) -> int:
    if args.command == "roster" and args.roster_command == "import":
        return _roster_import(service, args)
    if args.command == "roster":
        return _roster_today(service, args)
    if args.command == "directory" and args.directory_command != "search":
        return _directory_change(service, args)
    if args.command == "directory":
        return _directory_search(service, args)
    if args.command == "queue":
        return _queue(service, args)
    if args.command == "downward":
        return _downward(service, args)
    if args.command == "slip":
        return _slip(service, args)
    if args.command == "department" and args.department_command == "queue":
        return _department_queue(service, args)
    if args.command == "department":
        return _department(service, args)
    if args.command == "slots":
        return _slots(service, args)
    if args.command == "visits":
        return _visits(service, args)
    if args.command == "report":
        return _report(service, args)
    if args.command == "sync":
        return _sync(service, settings, args)
    if args.command == "store":
        return _store(service, args)
    return _fail(f"未知命令 {args.command}", f"unknown command {args.command}")


def _store_path(args) -> Path:
    typed = getattr(args, "db", None)
    return Path(typed).expanduser().absolute() if typed else default_db_path()


def open_desk(args, settings: Settings, clock: Clock):
    """The store, its service and the desk's background parts (sync, reminders): called before the
    desk opens, or on a worker right after its first frame (store.first_look). Raises StoreOpenError."""
    from referral_desk.app import DeskParts

    service, store = open_service(args, settings, clock)
    demo = getattr(args, "demo", False)
    runner = None
    warnings: list[str] = []
    if settings.server_url and settings.server_token and not demo:  # the demo never talks to the server
        from referral_desk.config import token_file_warning
        from referral_desk.sync.client import SyncClient, SyncError, plain_http_warning
        from referral_desk.sync.runner import SyncRunner

        warnings += [w for w in (plain_http_warning(settings.server_url), token_file_warning(settings)) if w]

        try:
            client = SyncClient(store, service.policy, service.clock, settings.server_url, settings.server_token,
                                ca_file=settings.server_ca)
        except SyncError as exc:
            store.close()
            raise StoreOpenError(str(exc), "the desk was not opened: fix the token or server_ca first") from None
        runner = SyncRunner(client, service.clock, settings.sync_seconds)
    reminders = None
    if (settings.wecom_webhook or settings.sms_webhook) and not demo:  # the demo never messages anyone
        from referral_desk.notify.sender import Channels, ReminderRunner

        reminders = ReminderRunner(service, Channels(settings.wecom_webhook, settings.sms_webhook,
                                                     settings.sms_token), settings.auto_leads)
    return DeskParts(service, store, runner, reminders, warnings)


def _in_a_terminal() -> bool:
    """Keys come from standard input and Textual draws on standard error: both must be the terminal (with
    its drawing sent to a file the desk ran unseen, 12 KB of escape codes a second, outside trial)."""
    try:
        return all(stream is not None and stream.isatty() for stream in (sys.__stdin__, sys.__stderr__))
    except ValueError:  # closed
        return False


def _run_desk_in_words(args, settings: Settings, clock: Clock) -> int:
    """The desk; a failure before or after its screen (a store it cannot read) is a sentence, never a
    traceback, and names no patient (only the error's kind and the file)."""
    import sqlite3

    if not args.headless and not _in_a_terminal():
        # Textual would read an input at its end for ever, a core at 100 % (outside trial).
        return _fail("转诊台须在终端中打开：标准输入或标准错误不是终端（如计划任务、nohup、不带 -t 的 ssh、"
                     "2> 重定向到文件）；无人值守的工作请用子命令，见 referral-desk --help",
                     "the desk needs a terminal: standard input or standard error is not one (the screen is drawn "
                     "on standard error); use a subcommand for unattended work")
    try:
        return _run_desk(args, settings, clock)
    except Exception as exc:
        loaded = sys.modules.get("sqlalchemy.exc")  # not imported for it: the first frame needs no SQLAlchemy
        if not isinstance(exc, sqlite3.Error) and not (loaded and isinstance(exc, loaded.SQLAlchemyError)):
            raise
        from referral_desk.store.database.errors import describe_db_error

        path = demo_db_path() if getattr(args, "demo", False) else _store_path(args)
        zh, en = describe_db_error(exc, path)
        return _fail(f"{zh}；可用 referral-desk store check 检查，或从最近的备份恢复", en)


def _run_desk(args, settings: Settings, clock: Clock) -> int:
    from referral_desk.app import ReferralDeskApp
    from referral_desk.quiet_gc import QuietCollector
    from referral_desk.widgets.panes import DEMO_MARK

    demo = getattr(args, "demo", False)
    path = demo_db_path() if demo else _store_path(args)
    label = path.name + (DEMO_MARK if demo else "")
    # A name on the command line is the sign-in; otherwise the desk asks who is at it.
    ask = settings.sign_in and not getattr(args, "operator", None)
    looked = None
    if not demo:  # the demo store may be rebuilt on opening: it takes the usual path
        from referral_desk.desk.first_look import first_look
        from referral_desk.store.writes.actor import Actor

        looked = first_look(path, settings.policy(), clock, Actor(settings.operator, settings.workstation),
                            readonly=getattr(args, "readonly", False))
    collector = QuietCollector()
    if looked is not None:  # the panes first, the store opened behind them
        look, snapshot = looked
        app = ReferralDeskApp(look, settings, label, exit_when_ready=args.exit_when_ready, first=snapshot,
                              ask_sign_in=ask, opener=lambda: open_desk(args, settings, clock), collector=collector)
    else:
        try:
            parts = open_desk(args, settings, clock)
        except (StoreOpenError, ConfigError) as exc:
            return _fail(exc.zh, exc.en)
        app = ReferralDeskApp(parts.service, settings, label, exit_when_ready=args.exit_when_ready,
                              first=parts.service.panes.snapshot(), ask_sign_in=ask, parts=parts, collector=collector)
    try:
        app.run(headless=args.headless)
    finally:
        collector.stop()
        if app.parts is not None:
            app.parts.close()
    if app.open_failure is not None:
        return _fail(*app.open_failure)
    if args.exit_when_ready and app.ready_at is not None:
        counts = " ".join(f"{name}={n}" for name, n in app.ready_rows.items())
        print(f"READY {app.ready_at:.6f} {counts}")
        if app.opened_at is not None:
            print(f"OPEN {app.opened_at:.6f}")
    return app.return_code or 0


def _emit(args, payload, lines: list[str]) -> None:
    if args.json:  # JSON escapes control characters itself
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:  # a name holding a control character must not act on the terminal
        print("\n".join("\t".join(visible(part) for part in line.split("\t")) for line in lines))


def _roster_import(service, args) -> int:
    """Exit 0 imported (or clean with --check), 1 when the file is refused (unreadable, over a limit,
    or with errors in its cells); nothing is written then."""
    from referral_desk.domain.errors import DomainError

    try:
        report = service.roster.prepare_roster_import(args.file, args.month)
    except DomainError as exc:
        _fail(exc.message, "cannot read the file; nothing was imported")
        return 1
    print("\n".join(report.lines()))
    if not report.ok:
        return 1
    if args.check:
        print("（仅检查，未写入 / checked only, nothing written）")
        return 0
    return _saved(lambda: service.roster.import_roster(report), done="已导入", refused="未导入")


def _roster_today(service, args) -> int:
    day = args.date or service.today()
    rows = service.panes.duty_today(day)
    payload = {
        "date": day.isoformat(),
        "duty": [
            {"specialty": r.specialty_name, "specialist": r.specialist_name, "title": r.title, "phone": r.phone,
             "on_duty": r.specialist_id is not None}
            for r in rows
        ],
    }
    lines = [f"{day:%Y-%m-%d} 值班（{len(rows)}个专业）"]
    for r in rows:
        lines.append(f"{r.specialty_name}\t{r.specialist_name}\t{r.title}\t{r.phone}" if r.specialist_id
                     else f"{r.specialty_name}\t无人值班")
    _emit(args, payload, lines)
    return 0


def _directory_search(service, args) -> int:
    rows = service.panes.search_directory(args.query)
    payload = [
        {"unit": r.unit_name, "contact": r.contact, "phone": r.phone, "purpose": r.purpose,
         "missing": r.phone is None}
        for r in rows
    ]
    lines = [f"{r.unit_name}\t{r.contact or '—'}\t{r.phone or '待补充'}\t{r.purpose}" for r in rows]
    _emit(args, payload, lines or [f"没有找到「{args.query}」"])
    return 0


def _saved(change, *, done: str = "已保存", refused: str = "未保存") -> int:
    """A change from the command line: exit 0 saved, 1 refused (the reason printed, nothing written)."""
    from pydantic import ValidationError

    from referral_desk.domain.errors import DomainError

    try:
        applied = change()
    except ValidationError as exc:
        print(f"{refused}：{explain(exc.errors()[0])}", file=sys.stderr)
        return 1
    except DomainError as exc:
        print(f"{refused}：{visible(exc.message)}", file=sys.stderr)
        return 1
    many = applied if isinstance(applied, list) else [applied]  # one change of several commands: each said
    for a in many[:20]:
        print(f"{done}：{visible(a.summary)}")
    if len(many) > 20:
        print(f"……共 {len(many)} 项{done}")
    return 0


def _directory_change(service, args) -> int:
    """set or retire: the unit's entries are printed when the words do not pick one."""
    if args.directory_command == "set":
        return _saved(lambda: service.directory.set_directory_entry(args.unit, phone=args.phone, contact=args.contact,
                                                          purpose=args.purpose, replace=args.replace, add=args.add))
    return _saved(lambda: service.directory.retire_directory_entry(args.unit, reason=args.reason, contact=args.contact,
                                                         phone=args.phone))


def _downward(service, args) -> int:
    """check: exit 0 advised, 1 not advised, refused or for a doctor's judgement (the JSON's "advice"
    says which). list/export: exit 0.
    publish: exit 0 published (or clean with --check), 1 refused with the place named."""
    from referral_desk.domain.bounds import control_char_at, describe_control
    from referral_desk.domain.downward import ADVICE_WORDS
    from referral_desk.files.safe_output import OutputError

    if args.downward_command == "check":
        if len(args.diagnosis) > MAX_DIAGNOSIS:  # the form and the command keep 200; a check a little more
            return _fail(f"诊断最多 {MAX_DIAGNOSIS} 个字符", f"a diagnosis has at most {MAX_DIAGNOSIS} characters")
        at = control_char_at(args.diagnosis)
        if at is not None:
            return _fail(f"诊断{describe_control(args.diagnosis, at)}", "the diagnosis contains a control character")
        advice = service.referrals.check_downward(args.diagnosis, args.stable)
        lines = [("不宜转诊" if advice.refused else ADVICE_WORDS[advice.advice])
                 + (f"（第{advice.group.code}组）" if advice.group and advice.eligible else ""),
                 *(f"  待判断：{d}" for d in advice.doubts),
                 *(f"  {r}" for r in advice.reasons),
                 *(f"  注意：{w}" for w in advice.warnings),
                 *([f"  排除条件：{'；'.join(advice.excluded_by)}"] if advice.eligible and advice.excluded_by else []),
                 f"  （病种清单第{advice.edition}版）"]
        _emit(args, advice.as_json(), lines)
        return 0 if advice.eligible else 1
    if args.downward_command == "list":
        content, history = service.referrals.disease_list_content(), service.referrals.disease_list_editions()
        payload = {"edition": content.edition, "list": content.model_dump(),
                   "editions": [{"edition": e.edition, "note": e.note, "operator": e.operator, "groups": e.groups,
                                 "published_at": _iso_local(service, e.published_at)} for e in history]}
        lines = [f"下转病种清单 第{content.edition}版" + (f"：{content.note}" if content.note else "")]
        for g in content.groups:
            lines.append(f"第{g.code}组\t{g.name}\t{'、'.join(g.diagnoses)}")
        lines.append("历次版本：" + "；".join(
            f"第{e.edition}版 {service.local(e.published_at):%Y-%m-%d} {e.operator}".strip() for e in history))
        _emit(args, payload, lines)
        return 0
    if args.downward_command == "export":
        try:
            path = service.referrals.export_disease_list(args.file, force=args.force)
        except OutputError as exc:
            return _fail(exc.message, "nothing written")
        print(f"已导出第{service.referrals.disease_list_content().edition}版：{path}（修改后用 downward publish 发布）")
        return 0
    try:
        if Path(args.file).stat().st_size > MAX_LIST_FILE:
            _fail(f"{visible(args.file)} 超过 {MAX_LIST_FILE // 1024} KB，不像病种清单", "the file is too large")
            return 1
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        _fail(f"无法读取 {visible(args.file)}：{type(exc).__name__}（须为 UTF-8 编码的 JSON）",
              "cannot read the file as UTF-8 JSON; nothing was published")
        return 1
    if args.check:
        def checked():
            content = service.referrals.publish_disease_list(data, check_only=True)
            return _Said(f"可发布为第{content.edition}版，{len(content.groups)}个病组（仅检查，未写入 / checked only）")

        return _saved(checked, done="检查通过", refused="未通过")
    return _saved(lambda: service.referrals.publish_disease_list(data), done="完成", refused="未发布")


@dataclass(frozen=True)
class _Said:
    summary: str


def _iso_local(service, at: datetime | None) -> str | None:
    return service.local(at).isoformat(timespec="minutes") if at else None


def _queue(service, args) -> int:
    now = service.now()
    approvals = [
        {
            "id": p.row.consultation_id, "ref": short_ref(p.row.consultation_id),
            "deadline": _iso_local(service, p.deadline), "urgency": urgency(p.deadline, now).value,
            "time_left": format_countdown(p.deadline, now), "requesting_unit": p.row.requesting_unit,
            "requesting_doctor": p.row.requesting_doctor, "specialty": p.row.specialty_name,
            "specialist": p.row.specialist_name, "specialist_phone": p.row.specialist_phone,
            "appointment": _iso_local(service, p.row.appointment_at), "escalations": p.row.escalations,
        }
        for p in service.panes.pending_approvals()
    ]
    beds = [
        {
            "id": b.bed_request_id, "ref": short_ref(b.bed_request_id), "department": b.department,
            "patient_id_number": mask_id_number(b.patient_id_number), "status": b.status,
            "window_start": _iso_local(service, b.window_start), "window_end": _iso_local(service, b.window_end),
            "last_note": b.last_note,
        }
        for b in service.panes.beds_to_coordinate()
    ]
    lines = [f"待审核（{len(approvals)}）"]
    lines += [f"{a['time_left']}\t{a['requesting_unit']}\t{a['requesting_doctor']}\t{a['specialist']}·"
              f"{a['specialty']}\t催办{a['escalations']}次" for a in approvals]
    lines += ["", f"床位协调（{len(beds)}）"]
    lines += [f"{b['department']}\t{b['window_start']}\t{b['last_note'] or ''}" for b in beds]
    _emit(args, {"now": _iso_local(service, now), "approvals": approvals, "beds": beds}, lines)
    return 0


def _sync(service, settings, args) -> int:
    from referral_desk.sync.client import DemoStoreError, SyncClient, SyncError, plain_http_warning

    url, token = args.server or settings.server_url, args.token or settings.server_token
    if args.token_file:
        try:
            token = Path(args.token_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            return _fail(f"无法读取令牌文件 {args.token_file}：{getattr(exc, 'strerror', None) or exc}",
                         "cannot read the token file")
    if not url or not token:
        return _fail("未配置服务器：请用 --server 和 --token，或写入配置文件",
                     "no server: pass --server and --token, or set them in the config file")
    try:
        client = SyncClient(service.store, service.policy, service.clock, url, token, ca_file=settings.server_ca)
    except SyncError as exc:
        return _fail(str(exc), "bad token or server_ca; nothing was sent")
    from referral_desk.config import token_file_warning

    for warning in (plain_http_warning(url), None if args.token or args.token_file else token_file_warning(settings)):
        if warning:
            print(f"警告：{warning}", file=sys.stderr)
    client.adopt_server = args.adopt_server
    try:
        report = client.sync_once()
    except DemoStoreError as exc:
        return _fail(str(exc), "the demo store never syncs; nothing was sent")
    except SyncError as exc:
        from referral_desk.sync.protocol import OTHER_SERVER

        if exc.code == OTHER_SERVER:  # running it again will not help: someone must decide
            return _fail(str(exc), "nothing was exchanged; adopt the server with --adopt-server "
                                   "if it is this desk's now")
        return _fail(str(exc), "sync failed; nothing local was lost, run it again later")
    finally:
        client.close()
    print(report.line())
    # Non-zero when someone must look: the server was restored, or changes wait on a read-only token.
    return 1 if report.held_readonly or report.restored else 0


def _store(service, args) -> int:
    """check: exit 0 sound, 1 damaged (the findings printed). backup: exit 0 written, 2 refused."""
    from referral_desk.files.safe_output import OutputError
    from referral_desk.store.database.maintenance import backup_store, integrity_check

    store = service.store
    if args.store_command == "check":
        problems = integrity_check(store)
        if problems:
            print(f"数据文件已损坏：{store.path}\n" + "\n".join(f"  {p}" for p in problems[:20])
                  + "\n请停止使用此文件，从最近的备份恢复 / damaged: restore the latest backup")
            return 1
        print(f"完整性检查通过：{store.path} / ok")
        return 0
    try:
        path = backup_store(store, args.file, force=args.force)
    except OutputError as exc:
        return _fail(exc.message, "no backup written")
    print(f"已备份：{path} / written")
    return 0


def _slip(service, args) -> int:
    """Exit 0 written, 1 when the referral is not found or no Chinese font is there, 2 when the file
    cannot be written (exists, a folder, a missing folder, the store: nothing is written then)."""
    from referral_desk.domain.errors import DomainError
    from referral_desk.files.safe_output import OutputError

    try:
        referral_id = service.referrals.find_referral(args.referral)
        path = service.referrals.write_slip(referral_id, paper=args.paper, out=args.out, force=args.force)
    except OutputError as exc:
        return _fail(exc.message, "no slip written")
    except DomainError as exc:
        print(f"错误：{exc.message}\nerror: no slip written", file=sys.stderr)
        return 1
    except OSError as exc:
        return _fail(f"无法写入 {args.out}：{exc.strerror or exc}", f"cannot write {args.out}")
    print(f"已生成引导单（{args.paper}）：{path} / written")
    return 0


def _department(service, args) -> int:
    """list, or set: exit 0 done, 1 refused (the reason is printed), nothing written when refused."""
    from referral_desk.domain.commands import UpsertDepartment

    rows = {d.name: d for d in service.referrals.departments()}
    if args.department_command == "list":
        for d in rows.values():
            share = f"（总床位{d.total_beds}张的{d.reserve_percent}%）" if d.reserve_percent else ""
            print(f"{d.name}\t{d.phone or '—'}\t专用床位 {d.reserved_beds}{share}"
                  f"\t默认入住 {d.window_offset_days} 天后起 "
                  f"{d.window_days} 天")
        return 0
    name = "".join(args.name.split())
    old = rows.get(name)
    if old is None and not args.add:
        # A typing mistake must not create a department.
        near = [n for n in rows if name and (name in n or n in name or n[:2] == name[:2])]
        print(f"未保存：没有名为「{visible(name)}」的科室" + (f"（是否要找：{'、'.join(near)}？）" if near else "")
              + "；新增科室请加 --add", file=sys.stderr)
        return 1
    if old is not None and args.add:
        print(f"未保存：科室「{name}」已存在；修改时不要加 --add", file=sys.stderr)
        return 1
    values = {"phone": old.phone if old else None, "reserved_beds": old.reserved_beds if old else 0,
              "total_beds": old.total_beds if old else None, "reserve_percent": old.reserve_percent if old else None,
              "window_offset_days": old.window_offset_days if old else 1, "window_days": old.window_days if old else 2,
              "sort_order": old.sort_order if old else len(rows)}
    for key, arg in (("phone", args.phone), ("reserved_beds", args.beds), ("window_offset_days", args.window_offset),
                     ("window_days", args.window_days), ("total_beds", args.total_beds),
                     ("reserve_percent", args.share)):
        if arg is not None:
            values[key] = arg
    if args.beds is not None and args.share is None:
        values["reserve_percent"] = None  # a count replaces a share
    return _saved(lambda: service.execute(
        UpsertDepartment(department_name=name, **({"department_id": old.id} if old else {}), **values)))


def _department_queue(service, args) -> int:
    """A department's referred patients on a day in the order they are seen: 优先 first (003 三(三); 004)."""
    from referral_desk.domain.identity import mask_name
    from referral_desk.domain.referral import Direction, ReferralStatus
    from referral_desk.domain.slip import CITY_HOSPITAL

    day = args.day or service.today()
    unit = service.directory.directory_unit(args.unit) if args.unit else CITY_HOSPITAL
    if unit is None:
        print(f"通讯录中没有单位「{visible(args.unit.strip())}」（请用附2的单位名称）", file=sys.stderr)
        return 1
    name = "".join(args.name.split())
    if unit == CITY_HOSPITAL and name not in {d.name for d in service.referrals.departments()}:
        print(f"接收科室中没有「{visible(name)}」（referral-desk department list 列出全部）", file=sys.stderr)
        return 1
    rows = service.referrals.department_queue(args.name, day, unit)
    print(f"{visible(unit)} {visible(''.join(args.name.split()))} {day:%Y-%m-%d} 转诊患者 {len(rows)} 人（优先在前）")
    for n, r in enumerate(rows, 1):
        when = f"{service.local(r.window_start):%H:%M}" if service.local(r.window_start).date() == day else \
            f"{service.local(r.window_start):%m-%d %H:%M}"
        print(f"{n}\t{'优先' if r.priority else '常规'}\t{when}\t{mask_name(r.patient_name)}\t"
              f"{Direction(r.direction).label}{'·门诊' if not r.inpatient else ''}\t{visible(r.from_unit)}\t"
              f"{ReferralStatus(r.status).label}\t#{short_ref(r.id)}")
    return 0


def _slots(service, args) -> int:
    """list, or set: exit 0 done, 1 refused (the reason printed; nothing written)."""
    if args.slots_command == "list":
        day = args.day or service.today()
        reserves = service.referrals.slot_reserves()
        if not reserves:
            print("尚未设置门诊号源预留（referral-desk slots set 单位 科室 --slots N）")
        for r in reserves:
            state = service.referrals.slot_state(r.unit, r.department, day)
            share = f"（每日{r.daily_slots}个的{r.reserve_percent}%）" if r.reserve_percent else ""
            print(f"{visible(r.unit)}\t{visible(r.department)}\t每日预留 {r.reserved_slots}{share}\t"
                  f"{day:%m-%d} 已用 {state.used if state else 0}，余 {state.free if state else 0}")
        return 0
    unit = service.directory.directory_unit(args.unit)
    if unit is None:  # a typo would keep slots nobody books
        print(f"未保存：通讯录中没有「{visible(args.unit.strip())}」（请用附2的单位名称）", file=sys.stderr)
        return 1
    args.unit = unit
    from referral_desk.domain.unit_names import CITY_HOSPITAL

    department = "".join(args.department.split())
    if unit == CITY_HOSPITAL and department not in {d.name for d in service.referrals.departments()}:
        near = [d.name for d in service.referrals.departments()
                if department and (department[:2] in d.name or d.name in department)]
        print(f"未保存：接收科室中没有「{visible(department)}」"
              + (f"（是否要找：{'、'.join(near)}？）" if near else "")
              + "；新科室先用 referral-desk department set 名称 --add 添加", file=sys.stderr)
        return 1
    if args.share is not None and not args.daily_slots:
        print("未保存：按比例预留须同时给出 --daily-slots（科室每日号源总数）", file=sys.stderr)
        return 1
    return _saved(lambda: service.referrals.set_slot_reserve(args.unit, args.department, slots=args.slots,
                                                   daily_slots=args.daily_slots, percent=args.share))


def _visits(service, args) -> int:
    """list, set one, or import a sheet: exit 0 saved, 1 refused (every problem printed; nothing written)."""
    from referral_desk.domain.errors import DomainError

    if args.visits_command == "list":
        month = f"{args.month:%Y-%m}" if args.month else None
        first = args.month or date(1900, 1, 1)
        records = service.reports.visit_count_records(first, args.month or date(2199, 12, 31))
        shown = [r for r in records if month is None or r.month == month]
        if not shown:
            print("尚未录入诊疗人次（referral-desk visits set 单位 YYYY-MM 人次，或 visits import 文件）")
        for r in shown:
            print(f"{r.month}\t{visible(r.unit)}\t{r.visits}")
        return 0
    if args.visits_command == "set":
        unit = service.directory.directory_unit(args.unit)
        if unit is None:
            print(f"未保存：通讯录中没有「{visible(args.unit.strip())}」（请用附2的单位名称）", file=sys.stderr)
            return 1
        rows, source = [(unit, f"{args.month:%Y-%m}", args.visits)], "手工录入"
    else:
        from referral_desk.domain.visit_counts import read_visit_sheets
        from referral_desk.files.spreadsheets import read_sheets

        try:
            rows, problems = read_visit_sheets(read_sheets(args.file), known=service.directory.is_known_unit)
        except DomainError as exc:
            return _fail(exc.message, "nothing was imported")
        except OSError as exc:
            return _fail(f"无法读取 {args.file}：{exc.strerror or exc}", "nothing was imported")
        if problems:
            print(f"未导入（{len(problems)} 处问题，全部改正后再导入）：", file=sys.stderr)
            for p in problems[:50]:
                print(f"  {p}", file=sys.stderr)
            return 1
        if args.check:
            print(f"检查通过：{len(rows)} 行，未保存 / ok, nothing saved")
            return 0
        source = visible(Path(args.file).name)[:200]
    return _saved(lambda: service.reports.record_visit_counts(rows, source=source))


def _report(service, args) -> int:
    """Exit 0 written, 1 a bad range, 2 a file cannot be written (as for the slip)."""
    from referral_desk.domain.errors import DomainError
    from referral_desk.files.safe_output import OutputError

    if args.last < args.first:
        print(f"错误：结束日期 {args.last} 早于开始日期 {args.first}\nerror: --to is before --from", file=sys.stderr)
        return 1
    if (args.last - args.first).days > 366 * 3:
        print("错误：统计期最长三年 / error: at most three years", file=sys.stderr)
        return 1
    try:
        paths = service.reports.export_report(args.first, args.last, args.format, args.out, force=args.force)
    except OutputError as exc:
        return _fail(exc.message, "no report written")
    except DomainError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        return 1
    except OSError as exc:
        return _fail(f"无法写入 {args.out}：{exc.strerror or exc}", f"cannot write {args.out}")
    for path in paths:
        print(f"已导出：{path}")
    return 0

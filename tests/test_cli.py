from __future__ import annotations

import json
import subprocess
import sys

import pytest

from referral_desk.cli import main
from tests.commandline import run
from tests.fixtures import CONSULT_HALF, CONSULT_LATER, CONSULT_OVERDUE, CONSULT_SOON, NOW


def test_roster_today_json(db, capsys):
    code, out, _ = run(["roster", "today", "--db", db, "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["date"] == "2026-11-23"
    assert data["duty"][0] == {"specialty": "心血管内科", "specialist": "王建国", "title": "主任医师",
                               "phone": "13346250001", "on_duty": True}
    assert data["duty"][3]["on_duty"] is False


def test_roster_for_another_date(db, capsys):
    code, out, _ = run(["roster", "today", "--date", "2026-11-30", "--db", db], capsys)
    assert code == 0
    assert "2026-11-30" in out and "王建国" in out and "神经内科\t无人值班" in out


def test_directory_search_text_and_json(db, capsys):
    code, out, _ = run(["directory", "search", "ygzx", "--db", db], capsys)
    assert code == 0 and out.strip() == "阳谷中心医院\t医务科岳主任\t18363535132\t转诊咨询"
    code, out, _ = run(["directory", "search", "高唐", "--db", db, "--json"], capsys)
    assert json.loads(out) == [{"unit": "高唐县清平镇卫生院", "contact": "", "phone": None, "purpose": "转诊咨询",
                                "missing": True}]


def test_queue_is_in_pane_order_and_masks_ids(db, capsys):
    code, out, _ = run(["queue", "--json", "--db", db], capsys)
    data = json.loads(out)
    assert code == 0
    assert [a["id"] for a in data["approvals"]] == [CONSULT_OVERDUE, CONSULT_SOON, CONSULT_HALF, CONSULT_LATER]
    assert [a["urgency"] for a in data["approvals"]] == ["overdue", "lt15", "lt60", "later"]
    assert data["approvals"][0]["time_left"] == "-0:30:00"
    assert all("*" in b["patient_id_number"] for b in data["beds"])
    assert [b["department"] for b in data["beds"]] == ["心血管内科", "骨科"]


def test_bad_date_gives_usage_and_exit_2(db, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["roster", "today", "--date", "2026-13-01", "--db", db])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "YYYY-MM-DD" in err


def test_unknown_option_gives_usage_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["queue", "--colour"])
    assert exit_.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_file_that_is_not_a_database_exits_2_without_traceback(tmp_path):
    bad = tmp_path / "x.sqlite3"
    bad.write_text("hello")
    proc = subprocess.run([sys.executable, "-m", "referral_desk", "queue", "--db", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "不是 SQLite" in proc.stderr and "not a SQLite database" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert bad.read_text() == "hello"


def test_env_var_chooses_the_store(db, monkeypatch, capsys):
    monkeypatch.setenv("REFERRAL_DESK_DB", db)
    code, out, _ = run(["roster", "today", "--json"], capsys)
    assert code == 0 and json.loads(out)["duty"][0]["specialist"] == "王建国"


def test_demo_store_is_separate_and_full(capsys, monkeypatch, tmp_path):
    real = tmp_path / "real.sqlite3"
    monkeypatch.setenv("REFERRAL_DESK_DB", str(real))
    code, out, _ = run(["queue", "--demo", "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and not real.exists()
    assert 10 <= len(data["approvals"]) <= 20
    assert any(a["urgency"] == "overdue" for a in data["approvals"])
    code, out, _ = run(["roster", "today", "--demo", "--json"], capsys)
    duty = json.loads(out)["duty"]
    assert len(duty) == 30 and sum(not d["on_duty"] for d in duty) == 2


def test_a_bad_config_file_exits_2(tmp_path, monkeypatch, db, capsys):
    cfg = tmp_path / "config.toml"
    cfg.write_text('[desk]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    monkeypatch.setenv("REFERRAL_DESK_CONFIG", str(cfg))
    code, _, err = run(["queue", "--db", db], capsys)
    assert code == 2 and "未知时区" in err


@pytest.mark.parametrize("line, words", [
    ('auto_reminder_minutes = "半小时"', "自动提醒时间应写作分钟数"),
    ('wecom_webhook = "qyapi.weixin.qq.com/cgi-bin/webhook/send"', "应以 http:// 或 https:// 开头"),
])
def test_bad_reminder_settings_exit_2_and_name_the_key(tmp_path, monkeypatch, db, capsys, line, words):
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"[desk]\n{line}\n", encoding="utf-8")
    monkeypatch.setenv("REFERRAL_DESK_CONFIG", str(cfg))
    code, _, err = run(["queue", "--db", db], capsys)
    assert code == 2 and words in err


def test_departments_are_listed_and_set(db, capsys):
    code, out, _err = run(["department", "set", "心血管内科", "--beds", "4", "--db", db], capsys)
    assert code == 0 and "转诊专用床位4张" in out
    code, _out, err = run(["department", "set", "肝胆外科", "--phone", "0635-8273010", "--db", db], capsys)
    assert code == 1 and "没有名为「肝胆外科」的科室" in err and "--add" in err  # a typing mistake adds nothing
    code, out, _err = run(["department", "set", "肝胆外科", "--add", "--phone", "0635-8273010", "--window-days", "3",
                           "--db", db], capsys)
    assert code == 0
    code, out, _err = run(["department", "list", "--db", db], capsys)
    assert ("心血管内科\t0635-8273001\t专用床位 4" in out
            and "肝胆外科\t0635-8273010\t专用床位 0\t默认入住 1 天后起 3 天" in out)
    code, _out, err = run(["department", "set", "骨科", "--beds", "-1", "--db", db], capsys)
    assert code == 1 and "未保存" in err
    code, _out, err = run(["department", "set", "骨科", "--phone", "12345", "--db", db], capsys)
    assert code == 1 and "未保存" in err


def test_a_department_s_reserve_is_a_count_or_a_share_of_its_beds(db, capsys):
    """004 二(四)1: 10% of 37 beds keeps 4 (rounded up); a count given later replaces the share."""
    code, out, _err = run(["department", "set", "骨科", "--total-beds", "37", "--share", "10%", "--db", db], capsys)
    assert code == 0 and "转诊专用床位4张（总床位37张的10%）" in out
    assert "骨科\t0635-8273004\t专用床位 4（总床位37张的10%）" in run(["department", "list", "--db", db], capsys)[1]
    code, out, _err = run(["department", "set", "骨科", "--total-beds", "50", "--db", db], capsys)
    assert code == 0 and "转诊专用床位5张（总床位50张的10%）" in out  # the share follows the beds
    code, out, _err = run(["department", "set", "骨科", "--beds", "2", "--db", db], capsys)
    assert code == 0 and "转诊专用床位2张 " in out
    code, _out, err = run(["department", "set", "神经内科", "--share", "10", "--db", db], capsys)
    assert code == 1 and "须先填写科室总床位数" in err
    with pytest.raises(SystemExit):
        run(["department", "set", "骨科", "--share", "0%", "--db", db], capsys)
    with pytest.raises(SystemExit):  # a count and a share at once: which one was meant?
        run(["department", "set", "骨科", "--beds", "2", "--share", "10%", "--db", db], capsys)


def test_the_start_instant_comes_from_the_environment_and_runs_on(db, capsys, monkeypatch):
    from referral_desk.clock import START_AT_ENV, StartedClock, clock_from_environment

    monkeypatch.setenv(START_AT_ENV, "2026-11-30T09:00+08:00")
    clock = clock_from_environment()
    assert isinstance(clock, StartedClock) and clock.now() >= NOW.replace(day=30, hour=1)
    code = main(["roster", "today", "--db", db])  # no clock given: the environment's
    assert code == 0 and "2026-11-30" in capsys.readouterr().out


@pytest.mark.parametrize("value, why", [("tomorrow", "ISO instant"), ("2026-11-30T09:00", "UTC offset"),
                                        ("9999-12-31T10:00+08:00", "2000-2100")])
def test_a_malformed_start_instant_is_refused_in_words(db, capsys, monkeypatch, value, why):
    from referral_desk.clock import START_AT_ENV

    monkeypatch.setenv(START_AT_ENV, value)
    assert main(["roster", "today", "--db", db]) == 2
    err = capsys.readouterr().err
    assert "REFERRAL_DESK_START_AT" in err and why in err and "Traceback" not in err


def test_a_faster_clock_runs_from_its_start_and_bad_speeds_are_refused(db, capsys, monkeypatch):
    from referral_desk.clock import SPEED_ENV, START_AT_ENV, StartedClock, clock_from_environment

    monkeypatch.setenv(START_AT_ENV, "2026-11-30T09:00+08:00")
    monkeypatch.setenv(SPEED_ENV, "3600")
    real = [100.0]
    monkeypatch.setattr("referral_desk.clock.time.monotonic", lambda: real[0])
    clock = clock_from_environment()
    assert isinstance(clock, StartedClock) and clock.now() == NOW.replace(day=30, hour=1)
    real[0] += 1.5  # a second and a half: an hour and a half at the desk
    assert clock.now() == NOW.replace(day=30, hour=2, minute=30)
    for value in ("0", "0.5", "nan", "inf", "fast", "3601"):
        monkeypatch.setenv(SPEED_ENV, value)
        assert main(["roster", "today", "--db", db]) == 2
        err = capsys.readouterr().err
        assert "REFERRAL_DESK_CLOCK_SPEED" in err and "1 to 3600" in err and "Traceback" not in err
    monkeypatch.delenv(START_AT_ENV)
    monkeypatch.setenv(SPEED_ENV, "60")
    assert main(["roster", "today", "--db", db]) == 2
    assert "needs REFERRAL_DESK_START_AT" in capsys.readouterr().err


def test_careless_input_is_refused_in_words(db, tmp_path, capsys, monkeypatch):
    code, _out, err = run(["queue", "--db", str(tmp_path / "missing" / "dir" / "x.sqlite3")], capsys)
    assert code == 2 and "不存在" in err and not (tmp_path / "missing").exists()
    monkeypatch.setenv("REFERRAL_DESK_CONFIG", str(tmp_path / "missing.toml"))
    code, _out, err = run(["queue", "--db", db], capsys)
    assert code == 2 and "找不到配置文件" in err and "missing.toml" in err
    monkeypatch.delenv("REFERRAL_DESK_CONFIG")
    code, _out, err = run(["sync", "--db", db, "--server", "http://127.0.0.1:9", "--token", "令牌"], capsys)
    assert code == 2 and "令牌含有无效字符" in err
    code, _out, err = run(["sync", "--db", db, "--server", "http://127.0.0.1:9", "--token-file",
                           str(tmp_path / "none")], capsys)
    assert code == 2 and "无法读取令牌文件" in err
    with pytest.raises(SystemExit):
        main(["server", "token", "create", "--name", "x", "--role", "admin"])


def test_a_locked_store_is_said_in_words_without_sql(db, capsys):
    import sqlite3

    holder = sqlite3.connect(db, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _out, err = run(["department", "set", "骨科", "--beds", "2", "--db", db], capsys)
    finally:
        holder.rollback()
        holder.close()
    assert code in (2, 3) and "锁定" in err and "SQL" not in err and "sqlalche" not in err


def test_a_closed_pipe_is_not_an_error(db):
    import subprocess
    import sys

    # `true` has gone long before the desk writes (it starts in a few hundred ms): every write meets a closed pipe.
    proc = subprocess.run(f"{sys.executable} -m referral_desk queue --json --db {db} | true; echo ${{PIPESTATUS[0]}}",
                          shell=True, capture_output=True, text=True, timeout=60, executable="/bin/bash")
    assert proc.stdout.strip() == "0" and proc.stderr == ""


def test_control_characters_in_names_do_not_reach_the_terminal(db, capsys):
    from referral_desk.domain import commands as c
    from referral_desk.store.database.engine import open_store

    store = open_store(db)  # written straight into the store, as an old desk might have left it
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE directory_entry SET unit_name = unit_name || char(27) || '[2J' "
                             "WHERE unit_name LIKE '%阳谷%'")
    store.close()
    assert c  # the command models refuse such names today (tests/test_server_safety.py)
    code, out, _err = run(["directory", "search", "阳谷", "--db", db], capsys)
    assert code == 0 and "\x1b" not in out and "\\x1b[2J" in out


def test_a_token_can_be_given_an_expiry(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    with pytest.raises(SystemExit):
        main(["server", "token", "create", "--name", "x", "--role", "operator", "--expires-days", "0",
              "--database-url", url])
    assert main(["server", "token", "create", "--name", "窗口1", "--role", "operator", "--expires-days", "90",
                 "--database-url", url]) == 0
    assert "有效至" in capsys.readouterr().err
    assert main(["server", "token", "list", "--database-url", url]) == 0
    assert "窗口1\toperator" in capsys.readouterr().out


def test_the_directory_is_kept_from_the_command_line(db, capsys):
    def directory(*argv):
        return run(["directory", *argv, "--db", db], capsys)

    code, out, _ = directory("search", "清平")
    assert "待补充" in out
    code, out, _ = directory("set", "高唐县清平镇卫生院", "--phone", "0635-3901234")
    assert code == 0 and "0635-3901234" in out
    assert "0635-3901234" in directory("search", "qpz")[1]
    code, _, err = directory("set", "高唐县清平卫生院", "--phone", "0635-3901234")  # a typing mistake adds nothing
    assert code == 1 and "是否要找：高唐县清平镇卫生院" in err and "--add" in err
    code, _, err = directory("set", "聊城市人民医院", "--phone", "0635-8273000")
    assert code == 1 and "有多条符合" in err
    code, _, err = directory("set", "聊城市人民医院", "--phone", "12345", "--purpose", "投诉")
    assert code == 1 and "未保存" in err
    code, out, _ = directory("set", "聊城市人民医院", "--phone", "13346252000", "--replace", "13346251660")
    assert code == 0 and "13346252000" in directory("search", "13346252000")[1]
    code, out, _ = directory("set", "冠县新华医院", "--add", "--contact", "医务科", "--phone", "0635-5100000")
    assert code == 0 and "冠县新华医院" in directory("search", "gxxhyy")[1]
    code, _, err = directory("retire", "冠县新华医院", "--reason", "")
    assert code == 1
    code, out, _ = directory("retire", "冠县新华医院", "--reason", "并入冠县人民医院")
    assert code == 0 and "停用通讯录" in out and "冠县新华医院" not in directory("search", "gxxhyy")[1]
    code, _, err = directory("set", "冠县新华医院", "--phone", "0635-5100000")
    assert code == 1


def test_dates_outside_the_window_every_command_keeps_are_refused_at_the_command_line(db, capsys):
    for argv in (["report", "--from", "0001-01-01", "--to", "0001-01-02", "--out", "r.xlsx"],
                 ["report", "--from", "9999-12-30", "--to", "9999-12-31", "--out", "r.xlsx"],
                 ["roster", "today", "--date", "9999-12-31"], ["roster", "import", "x.csv", "--month", "1999-12"]):
        with pytest.raises(SystemExit) as exc:
            main([*argv, "--db", db])
        assert exc.value.code == 2 and "2000-2100" in capsys.readouterr().err


def test_downward_check_list_export_and_publish_at_the_command_line(db, capsys, tmp_path):
    import json

    code, out, _err = run(["downward", "check", "类风湿关节炎", "--json", "--db", db], capsys)
    answer = json.loads(out)
    assert code == 0 and (answer["eligible"], answer["advice"], answer["group"], answer["edition"]) == (
        True, "advised", 8, 1)
    code, out, _err = run(["downward", "check", "重度溃疡性结肠炎", "--db", db], capsys)
    assert code == 1 and out.startswith("不建议下转") and "限非重度" in out
    code, out, _err = run(["downward", "check", "支气管哮喘急性发作", "--json", "--db", db], capsys)
    answer = json.loads(out)
    assert (code == 1 and (answer["eligible"], answer["advice"]) == (False, "review")
            and "未注明程度" in answer["doubts"][0])
    code, out, _err = run(["downward", "check", "支气管哮喘急性发作", "--db", db], capsys)
    assert out.startswith("需医生判断") and "待判断：" in out
    code, out, err = run(["downward", "check", "慢性胃炎\x1b[31m", "--db", db], capsys)
    assert code == 2 and "控制字符 U+001B" in err and out == ""
    code, _out, err = run(["downward", "check", "胃炎" * 300, "--db", db], capsys)
    assert code == 2 and "诊断最多 500 个字符" in err
    exported = tmp_path / "list.json"
    assert run(["downward", "export", str(exported), "--db", db], capsys)[0] == 0
    assert exported.stat().st_mode & 0o077 == 0
    code, _out, err = run(["downward", "export", str(exported), "--db", db], capsys)
    assert code == 2 and "已存在" in err  # never over a file that exists
    edited = json.loads(exported.read_text(encoding="utf-8"))
    edited["groups"][4]["synonyms"]["慢胃"] = "慢性胃炎"
    exported.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    code, out, _err = run(["downward", "publish", str(exported), "--check", "--db", db], capsys)
    assert code == 0 and "可发布为第2版" in out
    assert run(["downward", "check", "慢胃", "--db", db], capsys)[0] == 1  # --check wrote nothing
    code, out, _err = run(["downward", "publish", str(exported), "--db", db], capsys)
    assert code == 0 and "发布下转病种清单第2版" in out
    assert run(["downward", "check", "慢胃", "--db", db], capsys)[0] == 0
    code, _out, err = run(["downward", "publish", str(exported), "--db", db], capsys)
    assert code == 1 and "当前为第2版" in err  # an edition already published is not published twice
    edited["edition"] = 2
    edited["groups"][0]["synonyms"]["UC"] = "溃\x00疡"
    exported.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(["downward", "publish", str(exported), "--db", db], capsys)
    assert code == 1 and "控制字符" in err
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (1024 * 1024 + 1))
    assert run(["downward", "publish", str(big), "--db", db], capsys)[0] == 1
    code, out, _err = run(["downward", "list", "--db", db], capsys)
    assert code == 0 and out.startswith("下转病种清单 第2版") and "历次版本：第2版" in out


def test_an_operator_a_spreadsheet_would_run_is_refused_before_anything_is_written(db, capsys):
    """It used to be saved, then refused at the sync: the change lost for a name."""
    code, _out, err = run(["department", "set", "骨科", "--phone", "0635-1234567", "--db", db,
                           "--operator", '=cmd|"/c calc"!A1'], capsys)
    assert code == 2 and "operator" in err and "不能以 = + - @ 开头" in err


def test_version_names_the_release_and_the_schemas_it_speaks():
    """Issue 26: an engineer compares releases before an upgrade; there was no --version."""
    import importlib.metadata
    import re
    from pathlib import Path

    from referral_desk import __version__
    from referral_desk.server.migrate import nothing_yet
    from referral_desk.store.database.marker import SCHEMA_VERSION

    done = subprocess.run([sys.executable, "-m", "referral_desk", "--version"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == (f"referral-desk {__version__}（数据文件结构 {SCHEMA_VERSION}，"
                                   f"服务器数据库修订 {nothing_yet().head}）")
    # One version: the installed package's metadata is read from the same place, and the changelog has it.
    assert importlib.metadata.version("referral-desk") == __version__
    changelog = (Path(__file__).parents[1] / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(__version__)}\b", changelog, re.M)
    assert __version__ != "0.1.0"  # the previous release's number (tests/previous_release)

"""The structure, checked (issue 14): the import contracts of pyproject.toml, and one registry of
commands in which every command has its handler, label and audited action words."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

from referral_desk.domain import commands as c
from referral_desk.store.writes.handlers import HANDLERS


def test_the_import_contracts_hold():
    """domain pure; store without presentation; widgets without SQL; no circles between the command
    lines, the detail screens or the handler modules (tool.importlinter in pyproject.toml)."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint)], capture_output=True, text=True, cwd=Path(__file__).parent.parent, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def _commands() -> list[type[c.Command]]:
    union = typing.get_args(c.AnyCommand)[0]
    return list(typing.get_args(union))


def _leaves() -> set[type[c.Command]]:
    found, stack = set(), list(c.Command.__subclasses__())
    while stack:
        cls = stack.pop()
        stack += cls.__subclasses__()
        field = cls.model_fields.get("name")
        if field is not None and field.default:
            found.add(cls)
    return found


def test_ruff_finds_nothing():
    """ruff's rules of pyproject.toml ([tool.ruff]: E, F, W, I, B, UP, SIM at 120 columns; the few exceptions
    named there with why) over the package, the tests and the benchmarks (issue 27)."""
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run([str(ruff), "check", "--output-format", "concise", "referral_desk", "tests", "benchmarks"],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


def test_mypy_finds_nothing_in_the_strict_packages():
    """mypy --strict (with pydantic's plugin) over the packages [tool.mypy] lists in `files` (issue 27)."""
    mypy = Path(sys.executable).with_name("mypy")
    done = subprocess.run([str(mypy), "--cache-dir=/dev/null", "--no-error-summary"], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]


def test_mypy_holds_a_handler_to_the_command_class_it_registers_for(tmp_path):
    """The registry is typed (Handler[C]): a handler registered for one command but written for another is an
    error before it ever runs."""
    scratch = tmp_path / "scratch_handler.py"
    scratch.write_text(
        "from sqlmodel import Session\n"
        "from referral_desk.domain import commands as c\n"
        "from referral_desk.store.writes.handler_base import Context, Handled, _get, handles\n"
        "from referral_desk.store.database.tables import Consultation\n\n"
        "@handles(c.ApproveConsultation)\n"
        "def _wrong(s: Session, cmd: c.DeclineConsultation, ctx: Context) -> Handled:\n"
        "    row = _get(s, Consultation, cmd.consultation_id, 'x')\n"
        "    return row, cmd.reason\n", encoding="utf-8")
    mypy = Path(sys.executable).with_name("mypy")
    done = subprocess.run([str(mypy), "--cache-dir=/dev/null", "--no-error-summary", str(scratch)], capture_output=True,
                          text=True, cwd=Path(__file__).parent.parent, timeout=600)
    assert done.returncode == 1 and "DeclineConsultation" in done.stdout and "ApproveConsultation" in done.stdout, \
        done.stdout[-2000:] + done.stderr[-1000:]


def test_every_command_is_in_the_union_and_has_a_handler_a_label_and_an_entity():
    commands = _commands()
    assert set(commands) == _leaves(), "a command class missing from AnyCommand (or one listed twice)"
    for cls in commands:
        name = cls.model_fields["name"].default
        assert name in HANDLERS, f"{cls.__name__}: no handler registered for {name!r}"
        assert c.COMMAND_LABELS[name] == cls.label and cls.label and not cls.label.isascii(), cls.__name__
        assert cls.entity in c.ENTITY_LABELS, f"{cls.__name__}: entity {cls.entity!r} has no label"
        assert f"{cls.entity}_id" in cls.model_fields or cls.entity == "audit_entry", cls.__name__
    assert set(HANDLERS) == {cls.model_fields["name"].default for cls in commands}, "a handler without a command"


def test_every_audited_action_has_words_and_is_accepted():
    literal = c.LogAuditEvent.model_fields["action"].annotation
    assert set(typing.get_args(literal)) == set(c.AUDITED_ACTIONS)
    assert all(words and not words.isascii() for words in c.AUDITED_ACTIONS.values())


def test_colours_come_from_the_palette():
    """Issue 14: 17 hex colours were written across screens (two different error reds); now only the
    palette names colours, and stylesheets use the theme's variables."""
    import re

    package = Path(c.__file__).parent.parent
    hex_colour = re.compile(r"(?<![\w#])#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})(?![\w-])")  # not an id like #bed-callee
    found = []
    for path in [*package.rglob("*.py"), *package.rglob("*.tcss")]:
        if path.name == "palette.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            # A reference like '#0A165C' in a docstring is a record number, not a colour: only style-like uses.
            if hex_colour.search(line) and ("style" in line or "color" in line or "on #" in line or "\"#" in line):
                found.append(f"{path.relative_to(package)}:{n}: {line.strip()}")
    assert found == []


def test_styles_live_beside_what_they_style():
    """Issue 14: a screen's CSS_PATH file joins one app-wide stylesheet, so one screen's rules restyled
    others. Only the app loads a stylesheet file (the theme, styles/app.tcss); a screen's rules are its
    `CSS` (Textual scopes it to the screen), a widget's its DEFAULT_CSS (scoped to the widget)."""
    import importlib
    import pkgutil

    from textual.dom import DOMNode

    import referral_desk

    for module in pkgutil.walk_packages(referral_desk.__path__, "referral_desk."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)
    with_files = {cls.__qualname__ for cls in _subclasses(DOMNode)
                  if cls.__module__.startswith("referral_desk.") and "CSS_PATH" in vars(cls)}
    assert with_files == {"ReferralDeskApp"}
    unscoped = {cls.__qualname__ for cls in _subclasses(DOMNode)
                if cls.__module__.startswith("referral_desk.") and vars(cls).get("SCOPED_CSS") is False}
    assert unscoped == set()
    assert sorted(p.name for p in (Path(referral_desk.__file__).parent / "styles").iterdir()) == ["app.tcss"]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)

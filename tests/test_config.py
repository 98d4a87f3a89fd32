"""Settings (issue 14): one pydantic model is the list of keys, their bounds and their words; the
README's settings block is tested against it."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

from referral_desk.config import ConfigError, Settings, load_settings

README = Path(__file__).parent.parent / "README.md"


def readme_block() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Settings (`config.toml`)"):]
    return re.search(r"```toml\n(.*?)```", section, re.S).group(1)


def test_the_readme_lists_every_setting_in_the_models_order_and_its_example_is_valid():
    block = readme_block()
    keys = re.findall(r"^(\w+) = ", block, re.M)
    assert keys == list(Settings.model_fields), "README's [desk] block and the Settings model differ"
    example = Settings(**tomllib.loads(block)["desk"])
    example.policy()  # its time zone and hours are valid too


def test_every_setting_says_what_it_is_for():
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 10, name


@pytest.mark.parametrize(("line", "words"), [
    ('refresh_seconds = "3"', "「refresh_seconds」的值 '3' 类型不对，应为数字"),
    ("refresh_seconds = 0.1", "「refresh_seconds」不能小于 0.5"),
    ("sign_in = 1", "「sign_in」的值 1 类型不对，应为true 或 false"),
    ('operator = "a\\u0007b"', "「operator」含有控制字符 U+0007"),
    ("nope = 1", "未知的设置项「nope」"),
    ("reply_limit_minutes = 99999999999", "「reply_limit_minutes」不能大于 1440"),
    ('server_url = "10.0.0.5:8750"', "「server_url」应以 http:// 或 https:// 开头"),
    ('operator = ""', "「operator」不能为空"),
    ('timezone = "Mars/Olympus"', "未知时区"),
    ("desk = 1", "未知的设置项「desk」"),
    ('look = "grey"', "「look」应为 'dark' 或 'light'"),
])
def test_a_bad_setting_is_refused_with_its_key_named(tmp_path, line, words):
    path = tmp_path / "config.toml"
    path.write_text(f"[desk]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert words in refused.value.zh


def test_settings_above_the_desk_table_are_refused_not_ignored(tmp_path):
    """A config written without its [desk] line opened the desk with none of it: no server, another name."""
    path = tmp_path / "config.toml"
    path.write_text('server_url = "http://127.0.0.1:8750"\nworkstation = "窗口8-1"\n[desk]\noperator = "张敏"\n',
                    encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert "须写在 [desk] 之下" in refused.value.zh and "server_url、workstation" in refused.value.zh
    assert "settings belong under [desk]" in refused.value.en
    path.write_text('[desk]\noperator = "张敏"\n[server]\nport = 8750\n', encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert "另有表 [server]" in refused.value.zh


def test_a_changed_copy_is_checked_like_the_file():
    with pytest.raises(ConfigError, match="控制字符"):
        Settings(operator="张敏").with_changes(operator="\x1b[2J")
    assert Settings(operator="张敏").with_changes(operator="李娜").operator == "李娜"


def test_the_token_may_live_in_a_file_of_its_own(tmp_path, monkeypatch):
    """server_token_file: read at start (the README's install step 10); empty or unreadable is refused by
    name; a file other users can read is warned about."""
    from referral_desk.config import CONFIG_ENV, TOKEN_ENV, ConfigError, load_settings, token_file_warning

    token = tmp_path / "token"
    token.write_text("tok-123\n", encoding="utf-8")
    token.chmod(0o600)
    config = tmp_path / "config.toml"
    config.write_text(f'[desk]\nserver_token_file = "{token}"\n', encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(config))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    settings = load_settings()
    assert settings.server_token == "tok-123" and token_file_warning(settings) is None
    token.chmod(0o644)
    assert "其他用户可读（644）" in token_file_warning(settings)
    token.write_text("  \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="server_token_file.*空文件"):
        load_settings()
    token.unlink()
    with pytest.raises(ConfigError, match="server_token_file.*无法读取"):
        load_settings()
    os.mkfifo(token)  # a pipe named by mistake: refused at once, never read (the desk would wait for ever)
    with pytest.raises(ConfigError, match="server_token_file.*不是普通文件"):
        load_settings()
    token.unlink()
    token.write_bytes(b"x" * 100_000)
    with pytest.raises(ConfigError, match="server_token_file.*过大"):
        load_settings()
    monkeypatch.setenv(TOKEN_ENV, "from-env")  # the environment wins, as before
    assert load_settings().server_token == "from-env"

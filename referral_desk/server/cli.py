"""`referral-desk serve` and `referral-desk server token ...`."""

from __future__ import annotations

import logging.config
import os
import sys
from datetime import timedelta

from referral_desk.clock import Clock
from referral_desk.config import ConfigError, load_settings, server_db_url
from referral_desk.server.factory import ACCESS_LOG_ENV, API_DOCS_ENV, CERTFILE_ENV, DATABASE_ENV
from referral_desk.store.database.errors import StoreOpenError


def run_server_command(args, clock: Clock) -> int:
    from referral_desk.cli_failure import TRY_AGAIN
    from referral_desk.cli_failure import fail as _fail
    from referral_desk.server.contacts import read_contacts
    from referral_desk.server.db import DatabaseUnreachable, open_server_db
    from referral_desk.server.tokens import TokenError, create_token, list_tokens, pushed_by_workstation, revoke_token
    from referral_desk.store.database.marker import SCHEMA_VERSION

    # The environment keeps a password out of `ps` (systemd's EnvironmentFile, a container's env).
    url = args.database_url or os.environ.get(DATABASE_ENV, "").strip() or server_db_url()
    if url == server_db_url():  # the data folder is ours to make; a typed path's folder is not (a typo)
        from pathlib import Path

        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # tokens' hashes and patient data inside
        except OSError as exc:
            return _fail(f"无法创建数据目录 {folder}：{exc.strerror or exc}",
                         f"cannot create the data directory {folder}: {exc.strerror or exc}")
    if args.command == "server" and args.server_command == "restore":
        return _restore(url, args, clock)
    if args.command == "server" and args.server_command == "migrate":
        return _migrate(url, args, clock)
    mark = None
    try:
        if args.command == "serve":
            from referral_desk.server.serving import open_for_serving

            engine, mark = open_for_serving(url)  # held until the server stops: no restore under it
        else:
            engine = open_server_db(url)
    except DatabaseUnreachable as exc:  # systemd starts it again (README: the unit's exit codes)
        return _fail(exc.zh, exc.en, TRY_AGAIN)
    except StoreOpenError as exc:
        return _fail(exc.zh, exc.en)
    try:
        if args.command == "serve":
            return _serve(engine, args, clock)
        if args.server_command == "backup":
            return _backup(engine, args, clock)
        try:
            if args.token_command == "create":
                expires = None
                if args.expires_days is not None:
                    expires = clock.now() + timedelta(days=args.expires_days)
                token = create_token(engine, args.name, args.role, clock.now(), expires)
                print(token)
                until = f"，有效至 {expires:%Y-%m-%d %H:%M} UTC" if expires else ""
                print(f"已为工作站「{args.name}」（{args.role}）创建令牌{until}；它只显示这一次。", file=sys.stderr)
            elif args.token_command == "list":
                from referral_desk import release

                # On standard error: the rows below stay a table a script can read.
                print(f"服务器 {release.words()}", file=sys.stderr)
                pushed = pushed_by_workstation(engine)
                contacts = read_contacts(engine)
                for t in list_tokens(engine):
                    state = (f"已吊销 {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at
                             else f"已过期 {t.expires_at:%Y-%m-%d %H:%M}"
                             if t.expires_at and t.expires_at <= clock.now()
                             else f"有效至 {t.expires_at:%Y-%m-%d %H:%M}" if t.expires_at else "有效")
                    seen = contacts[t.name].words(SCHEMA_VERSION) if t.name in contacts else "尚未联系"
                    activity = pushed[t.name].words() if t.name in pushed else "尚未推送"
                    print(f"{t.name}\t{t.role}\t{t.created_at:%Y-%m-%d %H:%M}\t{state}\t{seen}\t{activity}")
            elif args.token_command == "revoke":
                revoke_token(engine, args.name, clock.now())
                print(f"已吊销「{args.name}」")
        except TokenError as exc:
            return _fail(str(exc), "token command refused")
        return 0
    finally:
        engine.dispose()
        if mark is not None:
            mark.release()


def _restore(url: str, args, clock: Clock) -> int:
    """`server restore FILE --force`: refused while a server holds the database; the backup checked
    whole (server.backup) before the database is replaced, then upgraded if older, and marked."""
    from pathlib import Path

    from referral_desk.cli_failure import fail as _fail
    from referral_desk.server.backup import BackupRefused, mark_restored, restore_server
    from referral_desk.server.db import open_server_db
    from referral_desk.server.serving import held_for_restore

    if not args.force:
        return _fail("恢复会替换服务器数据库的全部内容：请先停止服务，确认后加 --force",
                     "a restore replaces the whole server database: stop the server, then add --force")
    backup = Path(args.file)
    try:
        with held_for_restore(url):  # held until marked: a server starting halfway would miss the new epoch
            restore_server(url, backup, clock.now(), say=lambda words: print(words, file=sys.stderr))
            engine = open_server_db(url, migrate=True)  # a restored backup of an older release is upgraded
            try:
                mark_restored(engine, backup, clock.now())
            finally:
                engine.dispose()
    except (BackupRefused, StoreOpenError) as exc:
        return _fail(exc.zh, exc.en)
    print(f"已从 {backup.name} 恢复服务器数据库；备份之后在工作站上做的更改会在它们下次同步时重新发送")
    return 0


def _backup(engine, args, clock: Clock) -> int:
    from pathlib import Path

    from referral_desk.cli_failure import fail as _fail
    from referral_desk.server.backup import BackupRefused, backup_server, keep_newest

    try:
        path = backup_server(engine, Path(args.folder), clock.now())
    except BackupRefused as exc:
        return _fail(exc.zh, exc.en)
    print(path)
    if args.keep:
        try:
            removed = keep_newest(Path(args.folder), args.keep)
        except OSError as exc:  # the new backup is written; say why the old ones stay
            return _fail(f"新备份已写好，但无法删除旧备份：{exc.strerror or exc}",
                         f"backup written; old ones not removed: {exc}")
        for old in removed:
            print(f"已删除旧备份 {old.name}", file=sys.stderr)
    return 0


def _migrate(url: str, args, clock: Clock) -> int:
    """`server migrate`: say where the database stands; upgrade it (after a backup, if asked)."""
    from pathlib import Path

    from referral_desk.cli_failure import fail as _fail
    from referral_desk.server.backup import BackupRefused, backup_server
    from referral_desk.server.db import inspect_server_db, open_server_db, server_engine

    try:
        state = inspect_server_db(url)
    except StoreOpenError as exc:
        return _fail(exc.zh, exc.en)
    if state.up_to_date:
        print(f"服务器数据库结构已是最新（修订 {state.head}），无需升级 / up to date")
        return 0
    print(f"现为{state.current_words()}；待执行 {len(state.pending)} 项升级：")
    for step in state.pending:
        print(f"  {step}")
    if args.check:
        return 1
    if args.backup_dir and state.empty:
        print("数据库为空，无需备份 / empty database: nothing to back up")
    elif args.backup_dir:
        engine = server_engine(url)
        try:
            print(f"已备份：{backup_server(engine, Path(args.backup_dir), clock.now())}")
        except BackupRefused as exc:
            return _fail(f"{exc.zh}；未升级", f"{exc.en}; not upgraded")
        finally:
            engine.dispose()
    try:
        open_server_db(url, migrate=True).dispose()
    except StoreOpenError as exc:
        return _fail(f"{exc.zh}（升级未完成，数据库保持原样）", f"{exc.en} (nothing was changed)")
    print(f"已升级到修订 {state.head} / upgraded")
    return 0


def _serve(engine, args, clock: Clock) -> int:
    from referral_desk.cli_failure import fail as _fail

    try:
        policy = load_settings().policy()
    except ConfigError as exc:
        return _fail(exc.zh, exc.en)
    try:
        tls = tls_files(args.ssl_certfile, args.ssl_keyfile)
    except TLSFilesRefused as exc:
        return _fail(exc.zh, exc.en)
    try:
        proxies = forwarded_from(args.forwarded_allow_ips)
    except ValueError as exc:
        return _fail(f"--forwarded-allow-ips 无效：{exc}（应为以逗号分隔的代理地址或网段，如 10.0.0.2,10.0.1.0/24）",
                     f"invalid --forwarded-allow-ips: {exc}")
    from referral_desk.server.logs import log, log_config

    # Once every refusal above has been said: from here on the server logs what it does.
    logging.config.dictConfig(log_config(args.log_level, args.log_format))
    if tls:  # in words on standard error too, unless every line must be JSON
        warn_of_expiry(args.ssl_certfile, clock, on_stderr=args.log_format == "text")
    from referral_desk.server.connections import (
        ConnectionLimits,
        GuardedH11Protocol,
        guard_this_process,
        raise_open_file_limit,
    )

    open_files = raise_open_file_limit()
    limits = ConnectionLimits(args.max_connections, args.header_timeout, args.body_timeout, args.max_in_hand)
    limits = limits.within_open_files(open_files)
    if limits.max_connections < args.max_connections:
        print(f"打开文件数上限为 {open_files}：每个进程最多保持 {limits.max_connections} 个连接"
              f"（在 systemd 单元中设置 LimitNOFILE 可提高）/ open-file limit {open_files}: "
              f"at most {limits.max_connections} connections per worker", file=sys.stderr)
    limits.to_environment()  # the workers' protocol and app read it (server.connections, server.app)
    GuardedH11Protocol.limits = limits
    guard_this_process(limits)
    # uvicorn's access lines are replaced by ours (server.logs: request id, workstation, latency).
    options = dict(host=args.host, port=args.port, log_level=args.log_level, http=GuardedH11Protocol,
                   log_config=log_config(args.log_level, args.log_format), timeout_keep_alive=args.keep_alive,
                   access_log=False, **proxies, **(tls or {}))
    os.environ[ACCESS_LOG_ENV] = "0" if args.no_access_log else "1"
    os.environ[API_DOCS_ENV] = "1" if args.api_docs else "0"
    from referral_desk import release
    from referral_desk.server.db import read_restore_epoch
    from referral_desk.server.probe import answers, loopback_for
    from referral_desk.server.systemd import Watchdog

    database = f"{engine.url.get_backend_name()}:{engine.url.database or ''}"
    # The policy the server judges deadlines by: the desks' own must say the same (README: Install, step 5).
    from referral_desk.domain.policy import shared_terms

    said = ", ".join(f"{key}={value}" for key, value in shared_terms(policy).items())
    log.info("server %s starting: %s, %s worker(s), %s on %s:%s; policy: %s", release.__version__, database,
             args.workers, "https" if tls else "http", args.host, args.port, said,
             extra={"event": "start", "version": release.__version__, "database": database, "workers": args.workers,
                    "tls": bool(tls), "reason": said})
    if epoch := read_restore_epoch(engine):  # once, by the serving process, not by each worker at each start
        log.info("serving a database restored from a backup (restore epoch %s): desks that synced before the "
                 "restore send their recent changes again", epoch, extra={"event": "restored_database"})
    watchdog = Watchdog.start_if_asked(
        lambda timeout: answers(args.port, loopback_for(args.host), timeout=timeout, tls=bool(tls)),
        status=f"referral-desk {release.__version__} serving on port {args.port}")
    try:
        # uvicorn logs its shutdown ("Finished server process"), then raises SIGTERM again itself.
        return _run_uvicorn(engine, args, clock, policy, options)
    finally:
        if watchdog is not None:
            watchdog.close()


def _run_uvicorn(engine, args, clock: Clock, policy, options: dict) -> int:
    import uvicorn

    from referral_desk.server.app import create_app

    if args.workers > 1:
        # Each worker builds its own app and pool (server.factory); the database is all they share,
        # and the metrics' folder, so a scrape answered by any worker counts them all (server.metrics).
        from referral_desk.server.metrics import shared_metrics_folder

        os.environ[DATABASE_ENV] = engine.url.render_as_string(hide_password=False)
        if args.ssl_certfile:
            os.environ[CERTFILE_ENV] = args.ssl_certfile
        engine.dispose()
        with shared_metrics_folder():
            # uvicorn's supervisor replaces a worker whose health-check thread does not answer within 5 s by
            # default: under a reconnect storm a busy worker was killed, dropping every connection it held
            # (hundreds of desks at once, who then reconnected into the storm).
            uvicorn.run("referral_desk.server.factory:app_from_environment", factory=True, workers=args.workers,
                        timeout_worker_healthcheck=args.worker_healthcheck_timeout, **options)
        return 0
    app = create_app(engine, policy=policy, clock=clock, certfile=args.ssl_certfile, access_log=not args.no_access_log,
                     api_docs=args.api_docs)
    uvicorn.run(app, **options)
    return 0


def forwarded_from(allowed: str) -> dict[str, object]:
    """uvicorn's proxy settings: X-Forwarded-For and -Proto are believed only from the proxies named.
    uvicorn's own default believes them from 127.0.0.1, so any local process (or a client whose
    connection a local proxy forwards without clearing the header) could name its own address: the
    bad-token limit counted per forged address, and the log showed it (issue 23)."""
    from ipaddress import ip_network

    names = [part.strip() for part in allowed.split(",") if part.strip()]
    for name in names:
        ip_network(name, strict=False)  # ValueError in words for a typo
    return {"proxy_headers": bool(names), "forwarded_allow_ips": names or ""}


class TLSFilesRefused(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def tls_files(certfile: str | None, keyfile: str | None) -> dict[str, str] | None:
    """uvicorn's TLS arguments, or None for plain http. Refused in words unless both are given, each
    is readable, and the key matches the certificate (checked here, not when the first desk calls)."""
    import ssl

    if not certfile and not keyfile:
        return None
    if not (certfile and keyfile):
        raise TLSFilesRefused("--ssl-certfile 与 --ssl-keyfile 须同时给出",
                              "give both --ssl-certfile and --ssl-keyfile")
    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certfile, keyfile)
    except OSError as exc:
        if isinstance(exc, ssl.SSLError):
            raise TLSFilesRefused("证书与私钥不匹配或不是 PEM 格式",
                                  "the certificate and key do not match, or are not PEM") from None
        raise TLSFilesRefused(f"无法读取证书或私钥（{exc.strerror or type(exc).__name__}）",
                              "cannot read the certificate or key") from None
    return {"ssl_certfile": certfile, "ssl_keyfile": keyfile}


EXPIRY_WARNING_DAYS = 30


def warn_of_expiry(certfile: str, clock: Clock, *, on_stderr: bool = True) -> None:
    """On standard error and in the log: a certificate that has expired (every desk refuses it) or
    expires within 30 days (time to renew; README: Install, certificates)."""
    from referral_desk.server.logs import log
    from referral_desk.server.metrics import certificate_expiry

    expiry = certificate_expiry(certfile)
    if expiry is None:
        return
    days = (expiry - clock.now()).total_seconds() / 86400
    if days > EXPIRY_WARNING_DAYS:
        return
    when = f"{expiry:%Y-%m-%d %H:%M} UTC"
    if days <= 0:
        zh = f"服务器证书已于 {when} 过期：所有工作站都会拒绝连接，请立即换发证书"
        en = f"the server's certificate expired at {when}: every desk refuses it; renew it now"
    else:
        zh = f"服务器证书将于 {when} 过期（剩 {int(days)} 天）：请在到期前换发证书"
        en = f"the server's certificate expires at {when} ({int(days)} days left): renew it"
    if on_stderr:
        print(f"警告：{zh} / {en}", file=sys.stderr)
    log.warning(en, extra={"event": "certificate_expiry", "days_left": int(days)})

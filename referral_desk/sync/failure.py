"""Why a sync round failed, in words: a few for the desk's status line (`离线（服务器证书已过期）`) and a
sentence with what to do for `referral-desk sync`. An engineer told only "离线" cannot tell a wrong CA
from an expired certificate, a revoked token or a server that is down."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass

import httpx

from referral_desk.sync.protocol import SCHEMA_MISMATCH


@dataclass(frozen=True)
class Failure:
    short: str  # for the status line
    sentence: str  # for `sync` and the log: what happened and what to do


# OpenSSL's verify codes (X509_V_ERR_*) for the failures an engineer meets.
_EXPIRED, _NOT_YET_VALID, _REVOKED = 10, 9, 23
_UNKNOWN_ISSUER = {2, 18, 19, 20, 21}  # issuer not found, self-signed, chain untrusted
_HOSTNAME = {62, 64}  # a host name, an IP address


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _certificate(error: ssl.SSLCertVerificationError, host: str) -> Failure:
    code = error.verify_code
    why = error.verify_message or str(error.reason or "")
    if code == _EXPIRED:
        short, advice = "服务器证书已过期", "请信息科为服务器换发证书（README：安装中心服务器，证书）"
    elif code == _NOT_YET_VALID:
        short, advice = "服务器证书尚未生效", "请核对服务器与本机的时间，或换发证书"
    elif code == _REVOKED:
        short, advice = "服务器证书已吊销", "请信息科为服务器换发证书"
    elif code in _HOSTNAME:
        short, advice = ("证书与服务器地址不符",
                         f"证书中不含本机所配的服务器地址 {host}：请核对 server_url，或换发含此地址的证书")
    elif code in _UNKNOWN_ISSUER:
        short, advice = "证书非所配CA签发", "请核对配置中的 server_ca 是否为签发服务器证书的 CA 证书"
    else:
        short, advice = "服务器证书未通过校验", "请核对 server_ca 与服务器地址"
    return Failure(short, f"服务器证书未通过校验：{short}（{why}），未发送任何内容：{advice} / "
                          f"the server's certificate did not verify: {why}; nothing was sent")


def transport_failure(exc: httpx.HTTPError, host: str) -> Failure:
    """The server was not reached, or not trusted: which, in words. `host`: the configured server's host."""
    certificate = _cause(exc, ssl.SSLCertVerificationError)
    if isinstance(certificate, ssl.SSLCertVerificationError):
        return _certificate(certificate, host)
    tls = _cause(exc, ssl.SSLError)
    if isinstance(tls, ssl.SSLError):
        reason = tls.reason or type(tls).__name__
        if reason in ("WRONG_VERSION_NUMBER", "RECORD_LAYER_FAILURE", "HTTP_REQUEST"):
            return Failure("服务器未启用https", f"服务器 {host} 没有以 https 应答（{reason}）：请信息科为服务器配置证书"
                                                f"（serve --ssl-certfile/--ssl-keyfile），未发送任何内容 / "
                                                "the server does not speak https")
        return Failure("TLS握手失败", f"与服务器 {host} 的 TLS 握手失败（{reason}），未发送任何内容 / "
                                      "TLS handshake failed")
    if isinstance(exc, httpx.TimeoutException):
        return Failure("服务器无应答", f"服务器 {host} 在限定时间内没有应答，本机更改保留在队列中 / "
                                     "the server did not answer in time")
    if _cause(exc, socket.gaierror) is not None or "Name or service not known" in str(exc):
        return Failure("找不到服务器", f"找不到服务器 {host}（域名无法解析）：请核对 server_url 与本机的 DNS / "
                                      "the server's name does not resolve")
    refused = _cause(exc, ConnectionRefusedError)
    if refused is not None or "Connection refused" in str(exc):
        return Failure("服务器未运行", f"服务器 {host} 拒绝连接（服务未运行或端口不对），本机更改保留在队列中 / "
                                      "connection refused: the server is not running")
    unreachable = _cause(exc, OSError)
    if isinstance(unreachable, OSError) and unreachable.errno is not None:
        why = unreachable.strerror or str(unreachable)
        return Failure("网络不通", f"无法连接服务器 {host}（{why}），本机更改保留在队列中 / cannot reach the server")
    return Failure("无法连接服务器", f"无法连接服务器 {host}（{type(exc).__name__}），本机更改保留在队列中 / "
                                    "cannot reach the server")


def refusal_short(status: int, code: str | None, detail: str | None) -> str:
    """A server's refusal in a few words, for the status line."""
    detail = detail or ""
    if status == 401:
        return "令牌无效或已吊销"
    if status == 403:
        return "令牌无此权限"
    if status == 429:
        return "令牌错误过多"
    if status == 409 and code == SCHEMA_MISMATCH:
        # A server of the previous release says "请升级服务器": this desk is ahead and waits for it.
        return ("等待服务器升级" if "尚未升级" in detail or "升级服务器" in detail
                else "需升级工作站" if "升级工作站" in detail else "数据结构版本不符")
    if status == 413:
        return "更改过大"
    if status == 503:
        return "服务器磁盘已满" if "磁盘" in detail else "服务器繁忙" if "繁忙" in detail else "服务器数据库不可用"
    if status >= 500:
        return f"服务器出错（{status}）"
    return f"服务器拒绝（{status}）"

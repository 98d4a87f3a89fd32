"""Every file the desk writes goes through here: a named target is checked before anything is
written (its folder must exist, it is not a folder, not an existing file unless forced, never the
open store), the content is written to a private temp file in the same folder, and the temp file
takes the real name only when whole; on any failure it is removed.

Files hold patient data (slips, reports, backups): they are created readable by their owner only.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from referral_desk.domain.bounds import visible
from referral_desk.domain.errors import DomainError


class OutputError(DomainError):
    """A target that must not be written; the message names it and says what to do."""


def store_files(store_path: Path) -> list[Path]:
    """The store and its WAL companions: never a target, whatever the flags."""
    return [store_path, Path(f"{store_path}-wal"), Path(f"{store_path}-shm"), Path(f"{store_path}-journal")]


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def refuse_folder(out: str | os.PathLike[str]) -> None:
    """`--out` names a file (a csv set is named after it): a folder, or a name ending in a slash,
    is refused rather than written beside."""
    raw = os.fspath(out)
    if raw.endswith(("/", os.sep)) or Path(raw).expanduser().is_dir():
        shown = visible(raw.rstrip("/" + os.sep))
        raise OutputError(f"{shown} 是文件夹：请给出文件名，例如 {shown}{os.sep}报表.xlsx / --out is a folder: "
                          "give a file name")


def _refuse_special(path: Path) -> None:
    """--force replaces a file, nothing else: renaming over a device (/dev/full as root), a pipe or
    a socket would take that node away; a dangling link is refused too, since where it points is unknown."""
    if (path.exists() or path.is_symlink()) and not path.is_file():
        raise OutputError(f"{visible(str(path))} 不是普通文件（设备、管道、套接字或失效的链接）："
                          "不能写入，--force 也不行 / "
                          "not a regular file: refused, --force or not")


def check_targets(paths: Iterable[Path], *, force: bool = False, protect: Iterable[Path] = ()) -> list[Path]:
    """Refuse, before anything is written, every target that must not be written."""
    checked = []
    protected = list(protect)
    for raw in paths:
        path = Path(raw).expanduser()
        shown = visible(str(path))
        if any(_same(path, p) for p in protected):
            raise OutputError(f"{shown} 是正在使用的数据文件，不能写入其他内容 / refusing to overwrite the store")
        refuse_folder(raw)
        parent = path.parent
        if not parent.is_dir():
            what = "不是文件夹" if parent.exists() else "不存在"
            raise OutputError(f"文件夹 {visible(str(parent))} {what}，请先建立或换一个位置 / no such folder")
        if not os.access(parent, os.W_OK):
            raise OutputError(f"文件夹 {visible(str(parent))} 不可写 / the folder is not writable")
        _refuse_special(path)
        if (path.exists() or path.is_symlink()) and not force:
            raise OutputError(f"{shown} 已存在：未覆盖。如确需覆盖，请加 --force / exists; use --force to replace it")
        checked.append(path)
    return checked


def _publish(tmp: Path, path: Path, force: bool) -> None:
    if force:
        _refuse_special(path)  # again at the rename: the name may have been taken since it was checked
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if the name was taken meanwhile: never replaces a file
    except FileExistsError:
        raise OutputError(f"{visible(str(path))} 已存在：未覆盖 / exists") from None
    except OSError:  # a file system without hard links (a USB stick's FAT): checked, then renamed
        if path.exists():
            raise OutputError(f"{visible(str(path))} 已存在：未覆盖 / exists") from None
        os.replace(tmp, path)
        return
    tmp.unlink()


@contextmanager
def atomic_files(paths: list[Path], *, force: bool = False) -> Iterator[list[Path]]:
    """Temp files beside each target, yielded to be written; all take their names at the end,
    and none is left behind if writing fails."""
    temps: list[Path] = []
    published: list[Path] = []
    try:
        for path in paths:
            fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)  # mode 0600
            os.close(fd)
            temps.append(Path(name))
        yield temps
        for tmp, path in zip(temps, paths, strict=False):
            _publish(tmp, path, force)
            published.append(path)
    except BaseException:
        for tmp in temps:
            tmp.unlink(missing_ok=True)
        for path in published:  # a set of files is written whole or not at all
            path.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_file(path: Path, *, force: bool = False) -> Iterator[Path]:
    with atomic_files([path], force=force) as (tmp,):
        yield tmp

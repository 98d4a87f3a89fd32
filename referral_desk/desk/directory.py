"""Keeping the 附2 directory: fill a missing number, add a unit or a contact, retire one; each an
audited, synced command. A typing mistake never adds a unit: adding is asked for explicitly."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlmodel import col

from referral_desk.desk.core import DeskCore, Workflow
from referral_desk.domain.bounds import visible
from referral_desk.domain.errors import DomainError
from referral_desk.store.database.tables import DirectoryEntry
from referral_desk.store.reads import queries as q
from referral_desk.store.reads.pane_reads import DirectoryRow
from referral_desk.store.writes.actor import Applied


def _name(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _describe(row: DirectoryRow) -> str:
    return f"{row.unit_name} {row.contact or '—'} {row.phone or '待补充'} {row.purpose}".strip()


class Directory(Workflow):
    def __init__(self, core: DeskCore) -> None:
        super().__init__(core)
        self._units_by_any_name: tuple[tuple[object, ...], dict[str, str]] | None = None

    def unit_names(self) -> list[str]:
        return self.core.unit_names()

    def unit_contacts(self, unit_name: str) -> list[DirectoryRow]:
        """A unit's entries by its name in the directory, or by a name it also goes by (附2 writes
        聊城市康复医院（聊城市人民医院分院）; a referral may say 聊城市康复医院)."""
        from referral_desk.domain.search_keys import unit_names_of

        with self.store.engine.connect() as conn:
            rows = q.unit_contacts(conn, unit_name)
            if rows:
                return rows
            wanted = unit_names_of(unit_name)
            for name in q.unit_names(conn):
                if wanted & unit_names_of(name):
                    return q.unit_contacts(conn, name)
        return []

    def _pick(self, unit: str, contact: str | None, purpose: str | None, phone: str | None = None
              ) -> tuple[list[DirectoryRow], list[DirectoryRow]]:
        """The unit's entries, and those among them the words pick out."""
        rows = self.unit_contacts(unit)
        picked = [r for r in rows if (contact is None or _name(r.contact) == _name(contact))
                  and (purpose is None or r.purpose == purpose.strip())
                  and (phone is None or (r.phone or "") == phone.strip())]
        return rows, picked

    def set_directory_entry(self, unit: str, *, phone: str, contact: str | None = None,
                            purpose: str | None = None, replace: str | None = None, add: bool = False) -> Applied:
        from referral_desk.domain.commands import UpsertDirectoryEntry

        unit = _name(unit)
        if not unit:
            raise DomainError("单位名称不能为空", field="unit")
        rows, picked = self._pick(unit, contact, purpose, replace)
        if add:
            if picked and contact is not None:
                raise DomainError(f"已有此条目：{_describe(picked[0])}；修改时不要加 --add", field="contact")
            command = UpsertDirectoryEntry(unit_name=unit, contact=(contact or "").strip(), phone=phone,
                                           purpose=(purpose or "转诊咨询").strip(), sort_order=self._order(unit))
        else:
            if not rows:
                near = self._near(unit)
                raise DomainError(f"通讯录中没有单位「{visible(unit)}」"
                                  + (f"（是否要找：{'、'.join(near)}？）" if near else "")
                                  + "；新增单位请加 --add", field="unit")
            if not picked:
                raise DomainError(f"「{unit}」没有联系人「{visible(contact or '')}」"
                                  + (f"、用途「{purpose}」" if purpose else "")
                                  + "；现有：" + "；".join(_describe(r) for r in rows) + "。新增联系人请加 --add",
                                  field="contact")
            if len(picked) > 1:
                raise DomainError("有多条符合，请用 --contact、--purpose 或 --replace 旧号码指明："
                                  + "；".join(_describe(r) for r in picked),
                                  field="contact")
            row = picked[0]
            command = UpsertDirectoryEntry(directory_entry_id=row.directory_entry_id, unit_name=row.unit_name,
                                           contact=row.contact, phone=phone, purpose=(purpose or row.purpose).strip(),
                                           sort_order=self._order(unit))
        return self.execute(command)

    def retire_directory_entry(self, unit: str, *, reason: str, contact: str | None = None,
                               phone: str | None = None) -> Applied:
        from referral_desk.domain.commands import RetireDirectoryEntry

        rows, picked = self._pick(_name(unit), contact, None, phone)
        if not rows:
            raise DomainError(f"通讯录中没有单位「{visible(_name(unit))}」", field="unit")
        if len(picked) != 1:
            raise DomainError(("没有符合的条目" if not picked else "有多条符合，请用 --contact 或 --phone 指明")
                              + "：" + "；".join(_describe(r) for r in (picked or rows)), field="contact")
        return self.execute(RetireDirectoryEntry(directory_entry_id=picked[0].directory_entry_id, reason=reason))

    def save_directory_entry(self, entry_id: str | None, *, unit: str, contact: str, phone: str,
                             purpose: str, new_unit: bool = False) -> Applied:
        """The desk's form: an existing entry changed in place (by its id), or a contact added to a
        unit; a unit the directory does not know is added only when asked for (`new_unit`)."""
        from referral_desk.domain.commands import UpsertDirectoryEntry

        unit, purpose = _name(unit), purpose.strip() or "转诊咨询"
        if entry_id is not None:
            row = next((r for r in self.unit_contacts(unit) if r.directory_entry_id == entry_id), None)
            if row is None:
                raise DomainError("该通讯录条目已不存在（可能已被停用），请刷新后再试", field="unit")
            return self.execute(UpsertDirectoryEntry(directory_entry_id=entry_id, unit_name=row.unit_name,
                                                     contact=contact.strip(), phone=phone.strip() or None,
                                                     purpose=purpose, sort_order=self._order(row.unit_name)))
        if not unit:
            raise DomainError("单位名称不能为空", field="unit")
        if not self.unit_contacts(unit) and not new_unit:
            near = self._near(unit)
            raise DomainError(f"通讯录中没有单位「{visible(unit)}」"
                              + (f"（是否要找：{'、'.join(near)}？）" if near else "")
                              + "；确是新单位请勾选「新单位」", field="unit")
        # No number yet is allowed: the entry shows 待补充 until someone fills it.
        return self.set_directory_entry(unit, phone=phone.strip(), contact=contact, purpose=purpose, add=True)

    def retire_directory_entry_by_id(self, entry_id: str, *, reason: str) -> Applied:
        from referral_desk.domain.commands import RetireDirectoryEntry

        return self.execute(RetireDirectoryEntry(directory_entry_id=entry_id, reason=reason))

    def unit_by_any_name(self) -> dict[str, str]:
        """Every name a directory unit goes by (folded) -> the directory's own name: the figures of a
        unit typed as 聊城市康复医院 and as 聊城市康复医院（聊城市人民医院分院） are one unit's."""
        from referral_desk.domain.search_keys import unit_names_of

        with self.store.engine.connect() as conn:  # 10,000 units are read once, until one of them changes
            key = tuple(conn.execute(select(func.count(), func.sum(DirectoryEntry.version),
                                            func.max(DirectoryEntry.updated_at),
                                            func.max(DirectoryEntry.deleted_at))).one())
        kept = self._units_by_any_name
        if kept is not None and kept[0] == key:
            return kept[1]
        names = {alias: name for name in self.unit_names() for alias in unit_names_of(name)}
        self._units_by_any_name = (key, names)
        return names

    def directory_unit(self, unit: str) -> str | None:
        """The directory's name for `unit`, or None when the directory does not know it."""
        return self.unit_by_any_name().get(_name(unit))

    def is_known_unit(self, unit: str) -> bool:
        """Whether the directory holds this unit, by any name it goes by (附2's 聊城市康复医院（…分院）)."""
        from referral_desk.domain.search_keys import unit_names_of

        wanted = _name(unit)
        return any(wanted in unit_names_of(name) for name in self.unit_names())

    def _order(self, unit: str) -> int:
        """A unit's place in the list: its own, or after the last for a new one."""
        with self.store.engine.connect() as conn:
            own = conn.execute(select(func.min(DirectoryEntry.sort_order)).where(
                col(DirectoryEntry.unit_name) == unit)).scalar()
            if own is not None:
                return own
            return (conn.execute(select(func.max(DirectoryEntry.sort_order))).scalar() or 0) + 1

    def _near(self, unit: str) -> list[str]:
        names = self.unit_names()
        return [n for n in names if unit[:2] and (unit[:2] in n or unit in n)][:5]

"""A record's fields are declared once, on the command that creates it (issue 27 part 2): the table keeps each
content field (domain.commands.content_fields), the handler stores each, a request registered again after a sync
conflict carries each, the booking form has a place and a label (the field's title) for each, the details show
each and sync carries each to another desk. A field added to a create command and forgotten in one of those
places fails here, naming it. (The report's columns are declared by field in domain/report_tables.py.)"""

from __future__ import annotations

import pytest
from sqlmodel import Session

from referral_desk.desk.conflict_views import reopen_command
from referral_desk.domain import commands as c
from referral_desk.store.database import tables as t
from referral_desk.store.database.tables import SyncConflict
from tests.fixtures import CONSULT_APPROVED, CONSULT_OVERDUE, TODAY, day_commands, local, valid_id_number

RECORDS = {"consultation": t.Consultation, "bed_request": t.BedRequest, "referral": t.Referral}


@pytest.mark.parametrize("command", [c.CreateConsultation, c.CreateBedRequest, c.CreateReferral])
def test_the_table_keeps_every_content_field_of_its_create_command(command):
    table = RECORDS[command.entity]
    missing = [f for f in c.content_fields(command) if command.stored_as.get(f, f) not in table.model_fields]
    assert missing == [], f"{command.__name__}: no column for {missing} on {table.__tablename__}"


def _every_field_filled_bed() -> c.CreateBedRequest:
    command = c.CreateBedRequest(
        consultation_id=CONSULT_APPROVED, department="骨科", department_phone="0635-8273009", patient_name="欧阳全",
        patient_id_number=valid_id_number("37150219700201099"), patient_phone="13900000009", from_unit="阳谷中心医院",
        window_start=local(9, 0, TODAY.replace(day=25)), window_end=local(9, 0, TODAY.replace(day=26)))
    unset = [f for f in c.content_fields(c.CreateBedRequest) if getattr(command, f) in (None, "")]
    assert unset == [], f"fill {unset} here: a field left empty proves nothing"
    return command


def _stored_and_registered_again(service, command, entity):
    with Session(service.store.engine) as s:
        row = s.get(RECORDS[entity], command.entity_id)
        again = reopen_command(s, SyncConflict(entity=entity, entity_id=command.entity_id, mutation_id="m",
                                               command=command.name, status="conflict", message=""), TODAY)
    return row, again


def test_a_consultation_request_keeps_every_field_and_registering_it_again_carries_each(filled):
    [command] = [cmd for cmd, _at in day_commands()
                 if isinstance(cmd, c.CreateConsultation) and cmd.consultation_id == CONSULT_OVERDUE]
    unset = [f for f in c.content_fields(c.CreateConsultation) if getattr(command, f) in (None, "")]
    assert unset == [], (f"the fixture (tests/fixtures.py::day_commands, request CONSULT_OVERDUE) leaves {unset} "
                         "empty: a field left empty proves nothing")
    row, again = _stored_and_registered_again(filled, command, "consultation")
    for field in c.content_fields(c.CreateConsultation):
        assert getattr(row, field) == getattr(command, field), f"the handler did not store {field}"
        assert getattr(again, field) == getattr(row, field), f"registering again lost {field}"


def test_a_bed_request_keeps_every_field_and_registering_it_again_carries_each(filled):
    command = _every_field_filled_bed()
    filled.execute(command)
    row, again = _stored_and_registered_again(filled, command, "bed_request")
    for field in c.content_fields(c.CreateBedRequest):
        assert getattr(row, field) == getattr(command, field), f"the handler did not store {field}"
        assert getattr(again, field) == getattr(row, field), f"registering again lost {field}"


def test_the_booking_form_has_a_place_and_a_label_for_every_content_field():
    """Each content field of a consultation request is typed on the form or chosen there another way (said
    where), and is named by its title — the form's label and the name in its error messages."""
    from referral_desk.domain.booking import FIELD_LABELS
    from referral_desk.screens.booking import FIELDS, FORM_CHOOSES_ELSEWHERE, PLACEHOLDERS

    for field in c.content_fields(c.CreateConsultation):
        assert c.CreateConsultation.model_fields[field].title, f"{field} has no title: the form cannot name it"
        assert (field in PLACEHOLDERS) != (field in FORM_CHOOSES_ELSEWHERE), (
            f"the booking form has no place for {field}: a hint in screens/booking.py::PLACEHOLDERS puts its input "
            "on the form, or FORM_CHOOSES_ELSEWHERE says where it comes from")
    assert [label for _key, label, _hint in FIELDS] == [FIELD_LABELS[key] for key in PLACEHOLDERS]


async def test_the_details_show_every_content_field_of_a_consultation_request(app, filled):
    """A field added to the command and forgotten on the details fails here: each content field of a request
    with every field filled is on its details, as the operator reads it (a phone and an ID number masked)."""
    from referral_desk.domain.identity import mask_id_number, mask_phone
    from referral_desk.screens.details import ConsultationScreen
    from tests.pilot import body_text, quiet, settle

    [given] = [cmd for cmd, _at in day_commands()
               if isinstance(cmd, c.CreateConsultation) and cmd.consultation_id == CONSULT_OVERDUE]
    # Every field filled, those a registration again chooses anew too (a proposed slot, 14:10-14:40).
    command = given.model_copy(update={"consultation_id": "00000000-0000-7000-8000-00000000f1e1",
                                       "appointment_at": local(14, 10), "appointment_end": local(14, 40)})
    filled.execute(command)
    declared = [f for f in c.CreateConsultation.model_fields if f not in ("name", "consultation_id")]
    unset = [f for f in declared if getattr(command, f) in (None, "")]
    assert unset == [], (f"fill {unset} in tests/fixtures.py::day_commands (request CONSULT_OVERDUE) or here: a "
                         "field left empty proves nothing")
    detail = filled.requests.consultation_detail(command.consultation_id)
    shown_as = {
        "patient_age": lambda v: f"{v}岁",
        "patient_id_number": mask_id_number,
        "patient_phone": mask_phone,
        "specialty_id": lambda _v: detail.specialty_name,
        "specialist_id": lambda _v: detail.specialist_name,
        "appointment_at": lambda v: f"预约时间  {filled.local(v):%Y-%m-%d %H:%M}",
        "appointment_end": lambda v: f"{filled.local(command.appointment_at):%H:%M}-{filled.local(v):%H:%M}",
        "submitted_at": lambda v: f"{filled.local(v):%Y-%m-%d %H:%M}",
    }
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await app.push_screen(ConsultationScreen(filled, command.consultation_id))
        await quiet(app, pilot)
        text = body_text(app)
    for field in declared:
        value = getattr(command, field)
        expected = shown_as.get(field, str)(value)
        assert expected and expected in text, f"the details do not show {field} ({expected!r})"


def test_a_request_synced_to_another_desk_arrives_with_every_field(desks):
    """Sync carries every field: the command pushed from one desk, applied on the server (SQLite and
    PostgreSQL), pulled as a row by another desk — each declared field of the request is there, the same."""
    from tests.sync_desks import seed

    first, second = desks("窗口8-1"), desks("窗口8-2")
    seed(first)
    [given] = [cmd for cmd, _at in day_commands()
               if isinstance(cmd, c.CreateConsultation) and cmd.consultation_id == CONSULT_OVERDUE]
    command = given.model_copy(update={"consultation_id": "00000000-0000-7000-8000-00000000f1e2",
                                       "appointment_at": local(14, 10), "appointment_end": local(14, 40)})
    first.service.execute(command)
    first.sync()
    second.sync()
    declared = [f for f in c.CreateConsultation.model_fields if f not in ("name", "consultation_id")]
    with Session(first.store.engine) as s1, Session(second.store.engine) as s2:
        here, there = s1.get(t.Consultation, command.consultation_id), s2.get(t.Consultation, command.consultation_id)
        assert there is not None, "the request did not reach the other desk"
        for field in declared:
            assert getattr(here, field) not in (None, ""), f"fill {field}: a field left empty proves nothing"
            assert getattr(there, field) == getattr(here, field), f"sync lost {field}"


def test_every_field_typed_on_the_booking_form_reaches_the_command():
    """What the operator types in each field is in the command it makes (the outside trial: a field left out of
    read_booking's hand-written list was dropped without a word, and no test saw it)."""
    from referral_desk.domain.booking import read_booking
    from referral_desk.screens.booking import PLACEHOLDERS
    from tests.fixtures import fid

    number = valid_id_number("37150219800101001")
    known = {"requesting_phone": "13800000001", "patient_phone": "13900000002", "patient_id_number": number,
             "patient_sex": "男", "patient_age": "46", "day": TODAY.isoformat(), "slot": "14:10-14:40"}
    form = {key: known.get(key, f"文本·{key}") for key in PLACEHOLDERS} | {"specialty_id": fid(1)}
    result = read_booking(form, specialist_id=fid(11), tz=local(9, 0).tzinfo, today=TODAY)
    assert result.errors == {}, result.errors
    command = result.command
    for key in PLACEHOLDERS:
        if key in ("day", "slot"):
            continue
        shown = str(getattr(command, key))
        assert shown == form[key], f"{key}: typed {form[key]!r}, the command has {shown!r}"
    assert (command.appointment_at, command.appointment_end) == (local(14, 10), local(14, 40))


def test_the_report_carries_each_field_of_a_request_or_says_why_not(filled):
    """Every declared field of a consultation request is either a column of the report's item list (and its
    value is there) or left out with its reason (domain/report_tables.py)."""
    from referral_desk.domain.identity import mask_id_number
    from referral_desk.domain.report_tables import REQUEST_NOT_REPORTED, REQUEST_REPORTED

    declared = [f for f in c.CreateConsultation.model_fields if f not in ("name", "consultation_id")]
    undecided = [f for f in declared if (f in REQUEST_REPORTED) == (f in REQUEST_NOT_REPORTED)]
    assert undecided == [], f"decide whether the report carries {undecided} (domain/report_tables.py)"
    [given] = [cmd for cmd, _at in day_commands()
               if isinstance(cmd, c.CreateConsultation) and cmd.consultation_id == CONSULT_OVERDUE]
    detail = filled.requests.consultation_detail(CONSULT_OVERDUE)
    [item] = [i for i in filled.reports.report_items(TODAY, TODAY) if CONSULT_OVERDUE.startswith(i.ref)
              or i.ref in CONSULT_OVERDUE]
    expected = {"requesting_unit": given.requesting_unit, "specialty_id": detail.specialty_name,
                "specialist_id": detail.specialist_name, "patient_name": given.patient_name,
                "patient_id_number": mask_id_number(given.patient_id_number),
                "submitted_at": f"{filled.local(given.submitted_at):%Y-%m-%d %H:%M}"}
    for field, column in REQUEST_REPORTED.items():
        assert getattr(item, column) == expected[field], f"the report's {column} does not carry {field}"

--
-- PostgreSQL database dump
--

\restrict CGEraoqljRSO4AOscHWL5YUPEph5PwLIMFCMXlOCPNEhPqhhqcPkxHMEecBxLI4

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: applied_mutation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.applied_mutation (
    mutation_id character varying NOT NULL,
    workstation character varying NOT NULL,
    command character varying NOT NULL,
    entity_id character varying NOT NULL,
    status character varying NOT NULL,
    result_json character varying NOT NULL,
    at timestamp without time zone NOT NULL
);


--
-- Name: audit_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_entry (
    id character varying(36) NOT NULL,
    at timestamp without time zone NOT NULL,
    received_at timestamp without time zone,
    operator character varying NOT NULL,
    workstation character varying NOT NULL,
    action character varying NOT NULL,
    entity character varying NOT NULL,
    entity_id character varying NOT NULL,
    summary character varying NOT NULL,
    detail_json character varying NOT NULL,
    change_seq integer
);


--
-- Name: bed_request; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.bed_request (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    consultation_id character varying,
    referral_id character varying,
    department character varying NOT NULL,
    department_phone character varying,
    patient_name character varying NOT NULL,
    patient_id_number character varying,
    patient_phone character varying,
    from_unit character varying NOT NULL,
    window_start timestamp without time zone NOT NULL,
    window_end timestamp without time zone NOT NULL,
    requested_at timestamp without time zone NOT NULL,
    status character varying NOT NULL,
    status_changed_at timestamp without time zone NOT NULL,
    ward character varying,
    bed_no character varying,
    reserved_at timestamp without time zone,
    close_reason character varying
);


--
-- Name: consultation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.consultation (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    requesting_unit character varying NOT NULL,
    requesting_doctor character varying NOT NULL,
    requesting_phone character varying,
    patient_name character varying NOT NULL,
    patient_sex character varying,
    patient_age integer,
    patient_id_number character varying,
    patient_phone character varying,
    diagnosis character varying NOT NULL,
    specialty_id character varying NOT NULL,
    specialist_id character varying NOT NULL,
    appointment_at timestamp without time zone,
    appointment_end timestamp without time zone,
    submitted_at timestamp without time zone NOT NULL,
    status character varying NOT NULL,
    status_changed_at timestamp without time zone NOT NULL,
    answered_at timestamp without time zone,
    decline_reason character varying,
    slot_start timestamp without time zone,
    slot_end timestamp without time zone,
    outcome character varying,
    outcome_text character varying,
    close_reason character varying
);


--
-- Name: department; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.department (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    name character varying NOT NULL,
    phone character varying,
    reserved_beds integer NOT NULL,
    total_beds integer,
    reserve_percent integer,
    window_offset_days integer NOT NULL,
    window_days integer NOT NULL,
    sort_order integer NOT NULL,
    search_key character varying NOT NULL
);


--
-- Name: directory_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.directory_entry (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    unit_name character varying NOT NULL,
    contact character varying NOT NULL,
    phone character varying,
    phone_digits character varying NOT NULL,
    purpose character varying NOT NULL,
    sort_order integer NOT NULL,
    search_key character varying NOT NULL
);


--
-- Name: disease_list; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.disease_list (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    edition integer NOT NULL,
    content_json character varying NOT NULL,
    note character varying NOT NULL,
    published_at timestamp without time zone NOT NULL,
    operator character varying NOT NULL
);


--
-- Name: drg_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.drg_group (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    code integer NOT NULL,
    name character varying NOT NULL,
    diagnoses_json character varying NOT NULL
);


--
-- Name: escalation_call; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.escalation_call (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    consultation_id character varying,
    bed_request_id character varying,
    called_at timestamp without time zone NOT NULL,
    callee character varying NOT NULL,
    callee_phone character varying,
    result character varying NOT NULL,
    note character varying NOT NULL,
    operator character varying NOT NULL,
    workstation character varying NOT NULL
);


--
-- Name: follow_up; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.follow_up (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    referral_id character varying NOT NULL,
    due_date date NOT NULL,
    status character varying NOT NULL,
    attempts integer NOT NULL,
    result character varying,
    note character varying NOT NULL,
    done_at timestamp without time zone,
    last_call_at timestamp without time zone,
    operator character varying NOT NULL
);


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    seq integer NOT NULL,
    mutation_id character varying NOT NULL,
    command character varying NOT NULL,
    entity character varying NOT NULL,
    entity_id character varying NOT NULL,
    base_version integer NOT NULL,
    payload_json character varying NOT NULL,
    operator character varying NOT NULL,
    created_at timestamp without time zone NOT NULL,
    state character varying NOT NULL,
    attempts integer NOT NULL,
    last_error character varying
);


--
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.outbox_seq_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: outbox_seq_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.outbox_seq_seq OWNED BY public.outbox.seq;


--
-- Name: rd_meta; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rd_meta (
    key character varying NOT NULL,
    value character varying NOT NULL
);


--
-- Name: referral; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.referral (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    direction character varying NOT NULL,
    consultation_id character varying,
    emergency boolean NOT NULL,
    inpatient boolean NOT NULL,
    patient_name character varying NOT NULL,
    patient_sex character varying,
    patient_age integer,
    patient_id_number character varying,
    patient_phone character varying,
    patient_address character varying NOT NULL,
    diagnosis character varying NOT NULL,
    from_unit character varying NOT NULL,
    to_unit character varying NOT NULL,
    department character varying NOT NULL,
    criteria_json character varying NOT NULL,
    reason character varying NOT NULL,
    reviewed_by character varying NOT NULL,
    consent_by character varying NOT NULL,
    drg_code integer,
    eligibility character varying NOT NULL,
    disease_list_edition integer,
    downward_basis character varying NOT NULL,
    opinion character varying NOT NULL,
    records_sent_json character varying NOT NULL,
    receiver_confirmed_by character varying NOT NULL,
    receiver_confirmed_at timestamp without time zone,
    follow_up_plan character varying NOT NULL,
    follow_up_days_json character varying NOT NULL,
    window_start timestamp without time zone NOT NULL,
    window_end timestamp without time zone NOT NULL,
    requested_at timestamp without time zone NOT NULL,
    status character varying NOT NULL,
    status_changed_at timestamp without time zone NOT NULL,
    transferred_at timestamp without time zone,
    close_reason character varying
);


--
-- Name: reminder; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reminder (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    consultation_id character varying NOT NULL,
    channel character varying NOT NULL,
    kind character varying NOT NULL,
    lead_minutes integer,
    mobile character varying NOT NULL,
    text character varying NOT NULL,
    origin character varying NOT NULL,
    queued_at timestamp without time zone NOT NULL,
    status character varying NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp without time zone,
    last_error character varying,
    sent_at timestamp without time zone
);


--
-- Name: roster_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roster_entry (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    specialty_id character varying NOT NULL,
    duty_date date NOT NULL,
    specialist_id character varying NOT NULL,
    roster_import_id character varying
);


--
-- Name: roster_import; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.roster_import (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    month date NOT NULL,
    file_name character varying NOT NULL,
    layout character varying NOT NULL,
    imported_at timestamp without time zone NOT NULL,
    operator character varying NOT NULL,
    specialties_json character varying NOT NULL,
    entries integer NOT NULL,
    replaced integer NOT NULL
);


--
-- Name: specialist; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.specialist (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    name character varying NOT NULL,
    title character varying NOT NULL,
    phone character varying NOT NULL,
    specialty_id character varying NOT NULL,
    search_key character varying NOT NULL
);


--
-- Name: specialty; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.specialty (
    id character varying(36) NOT NULL,
    version integer NOT NULL,
    updated_at timestamp without time zone NOT NULL,
    deleted_at timestamp without time zone,
    change_seq integer,
    name character varying NOT NULL,
    sort_order integer NOT NULL,
    search_key character varying NOT NULL
);


--
-- Name: sync_conflict; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_conflict (
    id character varying(36) NOT NULL,
    mutation_id character varying NOT NULL,
    command character varying NOT NULL,
    entity character varying NOT NULL,
    entity_id character varying NOT NULL,
    status character varying NOT NULL,
    message character varying NOT NULL,
    server_row_json character varying,
    created_at timestamp without time zone NOT NULL,
    acknowledged_at timestamp without time zone
);


--
-- Name: sync_counter; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_counter (
    name character varying NOT NULL,
    value integer NOT NULL
);


--
-- Name: workstation_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.workstation_token (
    name character varying NOT NULL,
    token_hash character varying NOT NULL,
    role character varying NOT NULL,
    created_at timestamp without time zone NOT NULL,
    revoked_at timestamp without time zone,
    expires_at timestamp without time zone
);


--
-- Name: outbox seq; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox ALTER COLUMN seq SET DEFAULT nextval('public.outbox_seq_seq'::regclass);


--
-- Data for Name: applied_mutation; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.applied_mutation (mutation_id, workstation, command, entity_id, status, result_json, at) FROM stdin;
01a23d28-d356-7bb6-8b4b-ecee6bede53c	8号窗口	upsert_specialty	00000000-0000-7000-8000-000000000001	applied	{"mutation_id":"01a23d28-d356-7bb6-8b4b-ecee6bede53c","status":"applied","message":null,"held_back":false,"table":"specialty","row":{"id":"00000000-0000-7000-8000-000000000001","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":1,"name":"心血管内科","sort_order":0,"search_key":"|心血管内科|xinxueguanneike|xxgnk|"}}	2026-11-23 02:00:00
01a23d28-d360-721d-aa22-d1ed21374a0b	8号窗口	upsert_specialty	00000000-0000-7000-8000-000000000002	applied	{"mutation_id":"01a23d28-d360-721d-aa22-d1ed21374a0b","status":"applied","message":null,"held_back":false,"table":"specialty","row":{"id":"00000000-0000-7000-8000-000000000002","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":3,"name":"呼吸与危重症医学科","sort_order":1,"search_key":"|呼吸与危重症医学科|huxiyuweizhongzhengyixueke|hxywzzyxk|"}}	2026-11-23 02:00:00
01a23d28-d362-769f-babf-01a8bc802537	8号窗口	upsert_specialty	00000000-0000-7000-8000-000000000003	applied	{"mutation_id":"01a23d28-d362-769f-babf-01a8bc802537","status":"applied","message":null,"held_back":false,"table":"specialty","row":{"id":"00000000-0000-7000-8000-000000000003","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":5,"name":"神经内科","sort_order":2,"search_key":"|神经内科|shenjingneike|sjnk|"}}	2026-11-23 02:00:00
01a23d28-d364-7374-8a13-44f49eee47f9	8号窗口	upsert_specialty	00000000-0000-7000-8000-000000000004	applied	{"mutation_id":"01a23d28-d364-7374-8a13-44f49eee47f9","status":"applied","message":null,"held_back":false,"table":"specialty","row":{"id":"00000000-0000-7000-8000-000000000004","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":7,"name":"骨科","sort_order":3,"search_key":"|骨科|guke|gk|"}}	2026-11-23 02:00:00
01a23d28-d368-7975-b804-613e8f4a9b33	8号窗口	upsert_specialist	00000000-0000-7000-8000-000000000011	applied	{"mutation_id":"01a23d28-d368-7975-b804-613e8f4a9b33","status":"applied","message":null,"held_back":false,"table":"specialist","row":{"id":"00000000-0000-7000-8000-000000000011","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":9,"name":"王建国","title":"主任医师","phone":"13346250001","specialty_id":"00000000-0000-7000-8000-000000000001","search_key":"|王建国|wangjianguo|wjg|13346250001|"}}	2026-11-23 02:00:00
01a23d28-d369-7bcd-b06f-bc6e26e71e6a	8号窗口	upsert_specialist	00000000-0000-7000-8000-000000000012	applied	{"mutation_id":"01a23d28-d369-7bcd-b06f-bc6e26e71e6a","status":"applied","message":null,"held_back":false,"table":"specialist","row":{"id":"00000000-0000-7000-8000-000000000012","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":11,"name":"李萍","title":"副主任医师","phone":"13346250002","specialty_id":"00000000-0000-7000-8000-000000000002","search_key":"|李萍|liping|lp|13346250002|"}}	2026-11-23 02:00:00
01a23d28-d36a-795d-b184-6aeb3eabeab6	8号窗口	upsert_specialist	00000000-0000-7000-8000-000000000013	applied	{"mutation_id":"01a23d28-d36a-795d-b184-6aeb3eabeab6","status":"applied","message":null,"held_back":false,"table":"specialist","row":{"id":"00000000-0000-7000-8000-000000000013","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":13,"name":"赵明","title":"主任医师","phone":"13346250003","specialty_id":"00000000-0000-7000-8000-000000000003","search_key":"|赵明|zhaoming|zm|13346250003|"}}	2026-11-23 02:00:00
01a23d28-d36c-7dd3-8929-c7fefc7ec300	8号窗口	upsert_specialist	00000000-0000-7000-8000-000000000014	applied	{"mutation_id":"01a23d28-d36c-7dd3-8929-c7fefc7ec300","status":"applied","message":null,"held_back":false,"table":"specialist","row":{"id":"00000000-0000-7000-8000-000000000014","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":15,"name":"孙立","title":"副主任医师","phone":"13346250004","specialty_id":"00000000-0000-7000-8000-000000000001","search_key":"|孙立|sunli|sl|13346250004|"}}	2026-11-23 02:00:00
01a23d28-d36f-73ae-a8b2-debda07be40c	8号窗口	set_duty	00000000-0000-7000-8000-000000000300	applied	{"mutation_id":"01a23d28-d36f-73ae-a8b2-debda07be40c","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000300","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":17,"specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-22","specialist_id":"00000000-0000-7000-8000-000000000011","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d371-7689-bef7-673b7651d98f	8号窗口	set_duty	00000000-0000-7000-8000-000000000301	applied	{"mutation_id":"01a23d28-d371-7689-bef7-673b7651d98f","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000301","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":19,"specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-23","specialist_id":"00000000-0000-7000-8000-000000000011","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d373-71ba-a3ba-8f7d09ef06cd	8号窗口	set_duty	00000000-0000-7000-8000-000000000302	applied	{"mutation_id":"01a23d28-d373-71ba-a3ba-8f7d09ef06cd","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000302","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":21,"specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-24","specialist_id":"00000000-0000-7000-8000-000000000011","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d375-7f6d-a9ff-532152522733	8号窗口	set_duty	00000000-0000-7000-8000-000000000303	applied	{"mutation_id":"01a23d28-d375-7f6d-a9ff-532152522733","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000303","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":23,"specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-25","specialist_id":"00000000-0000-7000-8000-000000000011","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d376-705e-9a1c-e5fd6fa3588d	8号窗口	set_duty	00000000-0000-7000-8000-000000000310	applied	{"mutation_id":"01a23d28-d376-705e-9a1c-e5fd6fa3588d","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000310","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":25,"specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-22","specialist_id":"00000000-0000-7000-8000-000000000012","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d378-7eeb-b9bc-802462901b91	8号窗口	set_duty	00000000-0000-7000-8000-000000000311	applied	{"mutation_id":"01a23d28-d378-7eeb-b9bc-802462901b91","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000311","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":27,"specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-23","specialist_id":"00000000-0000-7000-8000-000000000012","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d37a-7b6d-8ae2-64acda5e07bf	8号窗口	set_duty	00000000-0000-7000-8000-000000000312	applied	{"mutation_id":"01a23d28-d37a-7b6d-8ae2-64acda5e07bf","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000312","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":29,"specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-24","specialist_id":"00000000-0000-7000-8000-000000000012","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d37b-77af-b553-1d096f3f0fa8	8号窗口	set_duty	00000000-0000-7000-8000-000000000313	applied	{"mutation_id":"01a23d28-d37b-77af-b553-1d096f3f0fa8","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000313","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":31,"specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-25","specialist_id":"00000000-0000-7000-8000-000000000012","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d37d-7024-b41c-a75e454161d8	8号窗口	set_duty	00000000-0000-7000-8000-000000000320	applied	{"mutation_id":"01a23d28-d37d-7024-b41c-a75e454161d8","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000320","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":33,"specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-22","specialist_id":"00000000-0000-7000-8000-000000000013","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d37e-718e-b208-34c6d63f1941	8号窗口	set_duty	00000000-0000-7000-8000-000000000321	applied	{"mutation_id":"01a23d28-d37e-718e-b208-34c6d63f1941","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000321","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":35,"specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-23","specialist_id":"00000000-0000-7000-8000-000000000013","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d380-7017-a6fc-7c108002bde0	8号窗口	set_duty	00000000-0000-7000-8000-000000000322	applied	{"mutation_id":"01a23d28-d380-7017-a6fc-7c108002bde0","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000322","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":37,"specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-24","specialist_id":"00000000-0000-7000-8000-000000000013","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d381-7dbb-9ea7-0aa57b098fe9	8号窗口	set_duty	00000000-0000-7000-8000-000000000323	applied	{"mutation_id":"01a23d28-d381-7dbb-9ea7-0aa57b098fe9","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000323","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":39,"specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-25","specialist_id":"00000000-0000-7000-8000-000000000013","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d383-7af8-89a7-5b8f24e37f17	8号窗口	set_duty	00000000-0000-7000-8000-000000000399	applied	{"mutation_id":"01a23d28-d383-7af8-89a7-5b8f24e37f17","status":"applied","message":null,"held_back":false,"table":"roster_entry","row":{"id":"00000000-0000-7000-8000-000000000399","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":41,"specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-30","specialist_id":"00000000-0000-7000-8000-000000000011","roster_import_id":null}}	2026-11-23 02:00:00
01a23d28-d388-727c-90bc-9ac0e2013222	8号窗口	upsert_department	00000000-0000-7000-8000-000000000041	applied	{"mutation_id":"01a23d28-d388-727c-90bc-9ac0e2013222","status":"applied","message":null,"held_back":false,"table":"department","row":{"id":"00000000-0000-7000-8000-000000000041","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":43,"name":"心血管内科","phone":"0635-8273001","reserved_beds":3,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":0,"search_key":"|心血管内科|xinxueguanneike|xxgnk|"}}	2026-11-23 02:00:00
01a23d28-d38a-74ea-8983-5cbae5f38fe6	8号窗口	upsert_department	00000000-0000-7000-8000-000000000042	applied	{"mutation_id":"01a23d28-d38a-74ea-8983-5cbae5f38fe6","status":"applied","message":null,"held_back":false,"table":"department","row":{"id":"00000000-0000-7000-8000-000000000042","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":45,"name":"呼吸与危重症医学科","phone":"0635-8273002","reserved_beds":2,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":1,"search_key":"|呼吸与危重症医学科|huxiyuweizhongzhengyixueke|hxywzzyxk|"}}	2026-11-23 02:00:00
01a23d28-d38d-73bf-b6f6-48c1bbe66812	8号窗口	upsert_department	00000000-0000-7000-8000-000000000043	applied	{"mutation_id":"01a23d28-d38d-73bf-b6f6-48c1bbe66812","status":"applied","message":null,"held_back":false,"table":"department","row":{"id":"00000000-0000-7000-8000-000000000043","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":47,"name":"神经内科","phone":"0635-8273003","reserved_beds":0,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":2,"search_key":"|神经内科|shenjingneike|sjnk|"}}	2026-11-23 02:00:00
01a23d28-d38e-7b77-ac53-e5647ecc1679	8号窗口	upsert_department	00000000-0000-7000-8000-000000000044	applied	{"mutation_id":"01a23d28-d38e-7b77-ac53-e5647ecc1679","status":"applied","message":null,"held_back":false,"table":"department","row":{"id":"00000000-0000-7000-8000-000000000044","version":1,"updated_at":"2026-11-22T16:00:00+00:00","deleted_at":null,"change_seq":49,"name":"骨科","phone":"0635-8273004","reserved_beds":1,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":3,"search_key":"|骨科|guke|gk|"}}	2026-11-23 02:00:00
01a23d28-d396-7dbe-9536-08c89f5af387	8号窗口	create_consultation	00000000-0000-7000-8000-000000000101	applied	{"mutation_id":"01a23d28-d396-7dbe-9536-08c89f5af387","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000101","version":1,"updated_at":"2026-11-23T00:30:00+00:00","deleted_at":null,"change_seq":51,"requesting_unit":"阳谷中心医院","requesting_doctor":"张医生","requesting_phone":"0635-5551234","patient_name":"患者1","patient_sex":"男","patient_age":61,"patient_id_number":"371502196001010019","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T08:30:00+08:00","status":"submitted","status_changed_at":"2026-11-23T08:30:00+08:00","answered_at":null,"decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d39b-7541-896a-d46943522f54	8号窗口	create_consultation	00000000-0000-7000-8000-000000000102	applied	{"mutation_id":"01a23d28-d39b-7541-896a-d46943522f54","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000102","version":1,"updated_at":"2026-11-23T01:40:00+00:00","deleted_at":null,"change_seq":53,"requesting_unit":"莘县中心医院","requesting_doctor":"刘医生","requesting_phone":"0635-5551234","patient_name":"患者2","patient_sex":"男","patient_age":62,"patient_id_number":"371502196001010027","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000002","specialist_id":"00000000-0000-7000-8000-000000000012","appointment_at":"2026-11-23T10:40:00+08:00","appointment_end":null,"submitted_at":"2026-11-23T09:40:00+08:00","status":"submitted","status_changed_at":"2026-11-23T09:40:00+08:00","answered_at":null,"decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d39e-732e-9c8f-7caa1b4f0eb6	8号窗口	create_consultation	00000000-0000-7000-8000-000000000103	applied	{"mutation_id":"01a23d28-d39e-732e-9c8f-7caa1b4f0eb6","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000103","version":1,"updated_at":"2026-11-23T02:00:00+00:00","deleted_at":null,"change_seq":55,"requesting_unit":"东昌府区人民医院","requesting_doctor":"陈医生","requesting_phone":"0635-5551234","patient_name":"患者3","patient_sex":"男","patient_age":63,"patient_id_number":"371502196001010035","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":"2026-11-23T15:00:00+08:00","appointment_end":null,"submitted_at":"2026-11-23T10:00:00+08:00","status":"submitted","status_changed_at":"2026-11-23T10:00:00+08:00","answered_at":null,"decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3a0-7198-8be7-152efef88ab2	8号窗口	create_consultation	00000000-0000-7000-8000-000000000105	applied	{"mutation_id":"01a23d28-d3a0-7198-8be7-152efef88ab2","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000105","version":1,"updated_at":"2026-11-23T01:30:00+00:00","deleted_at":null,"change_seq":57,"requesting_unit":"北京积水潭聊城医院","requesting_doctor":"吴医生","requesting_phone":"0635-5551234","patient_name":"患者5","patient_sex":"男","patient_age":65,"patient_id_number":"371502196001010051","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T09:30:00+08:00","status":"submitted","status_changed_at":"2026-11-23T09:30:00+08:00","answered_at":null,"decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3a2-737f-b703-5b37b28176eb	8号窗口	create_consultation	00000000-0000-7000-8000-000000000104	applied	{"mutation_id":"01a23d28-d3a2-737f-b703-5b37b28176eb","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000104","version":1,"updated_at":"2026-11-23T00:00:00+00:00","deleted_at":null,"change_seq":59,"requesting_unit":"冠县辛集镇中心卫生院","requesting_doctor":"周医生","requesting_phone":"0635-5551234","patient_name":"患者4","patient_sex":"男","patient_age":64,"patient_id_number":"371502196001010043","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T08:00:00+08:00","status":"submitted","status_changed_at":"2026-11-23T08:00:00+08:00","answered_at":null,"decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3a4-702c-a893-1af8b7934574	8号窗口	approve_consultation	00000000-0000-7000-8000-000000000104	applied	{"mutation_id":"01a23d28-d3a4-702c-a893-1af8b7934574","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000104","version":2,"updated_at":"2026-11-23T00:20:00+00:00","deleted_at":null,"change_seq":61,"requesting_unit":"冠县辛集镇中心卫生院","requesting_doctor":"周医生","requesting_phone":"0635-5551234","patient_name":"患者4","patient_sex":"男","patient_age":64,"patient_id_number":"371502196001010043","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T00:00:00+00:00","status":"approved","status_changed_at":"2026-11-23T00:20:00+00:00","answered_at":"2026-11-23T00:20:00+00:00","decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3a7-7eb9-897a-cce4a5698d8a	8号窗口	log_escalation_call	00000000-0000-7000-8000-000000000501	applied	{"mutation_id":"01a23d28-d3a7-7eb9-897a-cce4a5698d8a","status":"applied","message":null,"held_back":false,"table":"escalation_call","row":{"id":"00000000-0000-7000-8000-000000000501","version":1,"updated_at":"2026-11-23T01:35:00+00:00","deleted_at":null,"change_seq":63,"consultation_id":"00000000-0000-7000-8000-000000000101","bed_request_id":null,"called_at":"2026-11-23T01:35:00+00:00","callee":"王建国","callee_phone":"13346250001","result":"no_answer","note":"","operator":"8号窗口操作员","workstation":"8号窗口"}}	2026-11-23 02:00:00
01a23d28-d3a8-7238-8cfe-541e0b41c61c	8号窗口	log_escalation_call	00000000-0000-7000-8000-000000000502	applied	{"mutation_id":"01a23d28-d3a8-7238-8cfe-541e0b41c61c","status":"applied","message":null,"held_back":false,"table":"escalation_call","row":{"id":"00000000-0000-7000-8000-000000000502","version":1,"updated_at":"2026-11-23T01:50:00+00:00","deleted_at":null,"change_seq":65,"consultation_id":"00000000-0000-7000-8000-000000000101","bed_request_id":null,"called_at":"2026-11-23T01:50:00+00:00","callee":"王建国","callee_phone":"13346250001","result":"will_approve","note":"门诊结束后处理","operator":"8号窗口操作员","workstation":"8号窗口"}}	2026-11-23 02:00:00
01a23d28-d3ac-7800-baa8-4e0207cc4fa8	8号窗口	create_bed_request	00000000-0000-7000-8000-000000000201	applied	{"mutation_id":"01a23d28-d3ac-7800-baa8-4e0207cc4fa8","status":"applied","message":null,"held_back":false,"table":"bed_request","row":{"id":"00000000-0000-7000-8000-000000000201","version":1,"updated_at":"2026-11-23T00:10:00+00:00","deleted_at":null,"change_seq":67,"consultation_id":null,"referral_id":null,"department":"心血管内科","department_phone":"0635-8273000","patient_name":"欧阳床0","patient_id_number":"371502197002010007","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-23T18:00:00+08:00","window_end":"2026-11-25T18:00:00+08:00","requested_at":"2026-11-23T00:10:00+00:00","status":"requested","status_changed_at":"2026-11-23T00:10:00+00:00","ward":null,"bed_no":null,"reserved_at":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3ad-7f8b-a89a-5fea5a44118a	8号窗口	create_bed_request	00000000-0000-7000-8000-000000000202	applied	{"mutation_id":"01a23d28-d3ad-7f8b-a89a-5fea5a44118a","status":"applied","message":null,"held_back":false,"table":"bed_request","row":{"id":"00000000-0000-7000-8000-000000000202","version":1,"updated_at":"2026-11-23T00:11:00+00:00","deleted_at":null,"change_seq":69,"consultation_id":null,"referral_id":null,"department":"骨科","department_phone":"0635-8273001","patient_name":"欧阳床1","patient_id_number":"371502197002010015","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-26T09:00:00+08:00","window_end":"2026-11-28T09:00:00+08:00","requested_at":"2026-11-23T00:11:00+00:00","status":"requested","status_changed_at":"2026-11-23T00:11:00+00:00","ward":null,"bed_no":null,"reserved_at":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3af-71d9-9e9f-cfb3ca55ae0b	8号窗口	flag_bed_coordination	00000000-0000-7000-8000-000000000202	applied	{"mutation_id":"01a23d28-d3af-71d9-9e9f-cfb3ca55ae0b","status":"applied","message":null,"held_back":false,"table":"bed_request","row":{"id":"00000000-0000-7000-8000-000000000202","version":2,"updated_at":"2026-11-23T00:40:00+00:00","deleted_at":null,"change_seq":71,"consultation_id":null,"referral_id":null,"department":"骨科","department_phone":"0635-8273001","patient_name":"欧阳床1","patient_id_number":"371502197002010015","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-26T01:00:00+00:00","window_end":"2026-11-28T01:00:00+00:00","requested_at":"2026-11-23T00:11:00+00:00","status":"needs_coordination","status_changed_at":"2026-11-23T00:40:00+00:00","ward":null,"bed_no":null,"reserved_at":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3b0-76e5-b9f8-e97301cbcd26	8号窗口	log_escalation_call	00000000-0000-7000-8000-000000000601	applied	{"mutation_id":"01a23d28-d3b0-76e5-b9f8-e97301cbcd26","status":"applied","message":null,"held_back":false,"table":"escalation_call","row":{"id":"00000000-0000-7000-8000-000000000601","version":1,"updated_at":"2026-11-23T01:10:00+00:00","deleted_at":null,"change_seq":73,"consultation_id":null,"bed_request_id":"00000000-0000-7000-8000-000000000202","called_at":"2026-11-23T01:10:00+00:00","callee":"骨科护士长","callee_phone":null,"result":"reached","note":"明早出院一床","operator":"8号窗口操作员","workstation":"8号窗口"}}	2026-11-23 02:00:00
01a23d28-d3b1-7560-9c25-bb4d07c310e2	8号窗口	create_bed_request	00000000-0000-7000-8000-000000000203	applied	{"mutation_id":"01a23d28-d3b1-7560-9c25-bb4d07c310e2","status":"applied","message":null,"held_back":false,"table":"bed_request","row":{"id":"00000000-0000-7000-8000-000000000203","version":1,"updated_at":"2026-11-23T00:12:00+00:00","deleted_at":null,"change_seq":75,"consultation_id":null,"referral_id":null,"department":"神经内科","department_phone":"0635-8273002","patient_name":"欧阳床2","patient_id_number":"371502197002010023","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-27T09:00:00+08:00","window_end":"2026-11-29T09:00:00+08:00","requested_at":"2026-11-23T00:12:00+00:00","status":"requested","status_changed_at":"2026-11-23T00:12:00+00:00","ward":null,"bed_no":null,"reserved_at":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3b2-7cce-88b1-2d8cbae047de	8号窗口	create_bed_request	00000000-0000-7000-8000-000000000204	applied	{"mutation_id":"01a23d28-d3b2-7cce-88b1-2d8cbae047de","status":"applied","message":null,"held_back":false,"table":"bed_request","row":{"id":"00000000-0000-7000-8000-000000000204","version":1,"updated_at":"2026-11-23T00:13:00+00:00","deleted_at":null,"change_seq":77,"consultation_id":null,"referral_id":null,"department":"呼吸与危重症医学科","department_phone":"0635-8273003","patient_name":"欧阳床3","patient_id_number":"371502197002010031","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-23T14:00:00+08:00","window_end":"2026-11-25T14:00:00+08:00","requested_at":"2026-11-23T00:13:00+00:00","status":"requested","status_changed_at":"2026-11-23T00:13:00+00:00","ward":null,"bed_no":null,"reserved_at":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3b4-7c67-97e6-0c64dc1a952c	8号窗口	reserve_bed	00000000-0000-7000-8000-000000000204	applied	{"mutation_id":"01a23d28-d3b4-7c67-97e6-0c64dc1a952c","status":"applied","message":null,"held_back":false,"table":"bed_request","row":{"id":"00000000-0000-7000-8000-000000000204","version":2,"updated_at":"2026-11-23T00:50:00+00:00","deleted_at":null,"change_seq":79,"consultation_id":null,"referral_id":null,"department":"呼吸与危重症医学科","department_phone":"0635-8273003","patient_name":"欧阳床3","patient_id_number":"371502197002010031","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-23T06:00:00+00:00","window_end":"2026-11-25T06:00:00+00:00","requested_at":"2026-11-23T00:13:00+00:00","status":"reserved","status_changed_at":"2026-11-23T00:50:00+00:00","ward":"呼吸二病区","bed_no":"12","reserved_at":"2026-11-23T00:50:00+00:00","close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3b6-725e-91f3-c4dba45fb326	8号窗口	create_consultation	00000000-0000-7000-8000-000000000106	applied	{"mutation_id":"01a23d28-d3b6-725e-91f3-c4dba45fb326","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000106","version":1,"updated_at":"2026-11-23T00:00:00+00:00","deleted_at":null,"change_seq":81,"requesting_unit":"莘县中心医院","requesting_doctor":"马医生","requesting_phone":"0635-5551234","patient_name":"高秀兰","patient_sex":"女","patient_age":67,"patient_id_number":"371522195903010043","patient_phone":"13900000006","diagnosis":"急性脑梗死","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T08:00:00+08:00","status":"submitted","status_changed_at":"2026-11-23T08:00:00+08:00","answered_at":null,"decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3b7-7d6d-bfa4-aac9f4df1c29	8号窗口	approve_consultation	00000000-0000-7000-8000-000000000106	applied	{"mutation_id":"01a23d28-d3b7-7d6d-bfa4-aac9f4df1c29","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000106","version":2,"updated_at":"2026-11-23T00:05:00+00:00","deleted_at":null,"change_seq":83,"requesting_unit":"莘县中心医院","requesting_doctor":"马医生","requesting_phone":"0635-5551234","patient_name":"高秀兰","patient_sex":"女","patient_age":67,"patient_id_number":"371522195903010043","patient_phone":"13900000006","diagnosis":"急性脑梗死","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T00:00:00+00:00","status":"approved","status_changed_at":"2026-11-23T00:05:00+00:00","answered_at":"2026-11-23T00:05:00+00:00","decline_reason":null,"slot_start":null,"slot_end":null,"outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3bb-75d9-ac03-dd6ef94ad9af	8号窗口	schedule_consultation	00000000-0000-7000-8000-000000000106	applied	{"mutation_id":"01a23d28-d3bb-75d9-ac03-dd6ef94ad9af","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000106","version":3,"updated_at":"2026-11-23T00:06:00+00:00","deleted_at":null,"change_seq":85,"requesting_unit":"莘县中心医院","requesting_doctor":"马医生","requesting_phone":"0635-5551234","patient_name":"高秀兰","patient_sex":"女","patient_age":67,"patient_id_number":"371522195903010043","patient_phone":"13900000006","diagnosis":"急性脑梗死","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T00:00:00+00:00","status":"scheduled","status_changed_at":"2026-11-23T00:06:00+00:00","answered_at":"2026-11-23T00:05:00+00:00","decline_reason":null,"slot_start":"2026-11-23T08:30:00+08:00","slot_end":"2026-11-23T09:00:00+08:00","outcome":null,"outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3bd-7055-bd3e-74f3eb4af2c5	8号窗口	complete_consultation	00000000-0000-7000-8000-000000000106	applied	{"mutation_id":"01a23d28-d3bd-7055-bd3e-74f3eb4af2c5","status":"applied","message":null,"held_back":false,"table":"consultation","row":{"id":"00000000-0000-7000-8000-000000000106","version":4,"updated_at":"2026-11-23T01:05:00+00:00","deleted_at":null,"change_seq":87,"requesting_unit":"莘县中心医院","requesting_doctor":"马医生","requesting_phone":"0635-5551234","patient_name":"高秀兰","patient_sex":"女","patient_age":67,"patient_id_number":"371522195903010043","patient_phone":"13900000006","diagnosis":"急性脑梗死","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T00:00:00+00:00","status":"completed","status_changed_at":"2026-11-23T01:05:00+00:00","answered_at":"2026-11-23T00:05:00+00:00","decline_reason":null,"slot_start":"2026-11-23T00:30:00+00:00","slot_end":"2026-11-23T01:00:00+00:00","outcome":"refer_up","outcome_text":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3c6-73cb-aa0f-a63d7ba9f1f5	8号窗口	create_referral	00000000-0000-7000-8000-000000000701	applied	{"mutation_id":"01a23d28-d3c6-73cb-aa0f-a63d7ba9f1f5","status":"applied","message":null,"held_back":false,"table":"referral","row":{"id":"00000000-0000-7000-8000-000000000701","version":1,"updated_at":"2026-11-18T15:30:00+00:00","deleted_at":null,"change_seq":89,"direction":"up","consultation_id":null,"emergency":true,"inpatient":true,"patient_name":"刘建军","patient_sex":"男","patient_age":58,"patient_id_number":"371502196805050016","patient_phone":"13900000007","patient_address":"","diagnosis":"急性心肌梗死","from_unit":"冠县辛集镇中心卫生院","to_unit":"聊城市人民医院","department":"心血管内科","criteria_json":"[\\"critical\\"]","reason":"急性心梗，需急诊介入","reviewed_by":"周主任","consent_by":"家属 刘芳","drg_code":null,"eligibility":"","disease_list_edition":null,"downward_basis":"","opinion":"","records_sent_json":"[]","receiver_confirmed_by":"","receiver_confirmed_at":null,"follow_up_plan":"","follow_up_days_json":"[]","window_start":"2026-11-18T22:40:00+08:00","window_end":"2026-11-18T22:40:00+08:00","requested_at":"2026-11-18T15:30:00+00:00","status":"transferred","status_changed_at":"2026-11-18T15:30:00+00:00","transferred_at":"2026-11-18T22:40:00+08:00","close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3cc-7fd1-a3ec-1bc0b555d1fb	8号窗口	create_referral	00000000-0000-7000-8000-000000000702	applied	{"mutation_id":"01a23d28-d3cc-7fd1-a3ec-1bc0b555d1fb","status":"applied","message":null,"held_back":false,"table":"referral","row":{"id":"00000000-0000-7000-8000-000000000702","version":1,"updated_at":"2026-11-13T07:00:00+00:00","deleted_at":null,"change_seq":91,"direction":"down","consultation_id":null,"emergency":false,"inpatient":true,"patient_name":"孙桂芝","patient_sex":"女","patient_age":72,"patient_id_number":"371502195407070025","patient_phone":"13900000008","patient_address":"","diagnosis":"慢性萎缩性胃炎","from_unit":"聊城市人民医院","to_unit":"东昌府区人民医院","department":"消化内科","criteria_json":"[]","reason":"","reviewed_by":"王主任","consent_by":"患者本人","drg_code":5,"eligibility":"符合下转：第5组「慢性胃炎」（萎缩性胃炎）（000 三(2)）","disease_list_edition":1,"downward_basis":"","opinion":"","records_sent_json":"[]","receiver_confirmed_by":"东昌府区医务科 李主任","receiver_confirmed_at":"2026-11-13T07:00:00+00:00","follow_up_plan":"奥美拉唑 20mg 每日一次，4周后复查胃镜","follow_up_days_json":"[7, 30]","window_start":"2026-11-14T08:00:00+08:00","window_end":"2026-11-14T17:00:00+08:00","requested_at":"2026-11-13T07:00:00+00:00","status":"applied","status_changed_at":"2026-11-13T07:00:00+00:00","transferred_at":null,"close_reason":null}}	2026-11-23 02:00:00
01a23d28-d3d0-750a-a437-f62a3b5f443f	8号窗口	record_transfer	00000000-0000-7000-8000-000000000702	applied	{"mutation_id":"01a23d28-d3d0-750a-a437-f62a3b5f443f","status":"applied","message":null,"held_back":false,"table":"referral","row":{"id":"00000000-0000-7000-8000-000000000702","version":2,"updated_at":"2026-11-14T02:00:00+00:00","deleted_at":null,"change_seq":93,"direction":"down","consultation_id":null,"emergency":false,"inpatient":true,"patient_name":"孙桂芝","patient_sex":"女","patient_age":72,"patient_id_number":"371502195407070025","patient_phone":"13900000008","patient_address":"","diagnosis":"慢性萎缩性胃炎","from_unit":"聊城市人民医院","to_unit":"东昌府区人民医院","department":"消化内科","criteria_json":"[]","reason":"","reviewed_by":"王主任","consent_by":"患者本人","drg_code":5,"eligibility":"符合下转：第5组「慢性胃炎」（萎缩性胃炎）（000 三(2)）","disease_list_edition":1,"downward_basis":"","opinion":"","records_sent_json":"[]","receiver_confirmed_by":"东昌府区医务科 李主任","receiver_confirmed_at":"2026-11-13T07:00:00+00:00","follow_up_plan":"奥美拉唑 20mg 每日一次，4周后复查胃镜","follow_up_days_json":"[7, 30]","window_start":"2026-11-14T00:00:00+00:00","window_end":"2026-11-14T09:00:00+00:00","requested_at":"2026-11-13T07:00:00+00:00","status":"transferred","status_changed_at":"2026-11-14T02:00:00+00:00","transferred_at":"2026-11-14T10:00:00+08:00","close_reason":null}}	2026-11-23 02:00:00
\.


--
-- Data for Name: audit_entry; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.audit_entry (id, at, received_at, operator, workstation, action, entity, entity_id, summary, detail_json, change_seq) FROM stdin;
e6564eb0-1509-5d29-88a6-ed11efdddad4	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialty	specialty	00000000-0000-7000-8000-000000000001	专业：心血管内科	{"mutation_id": "01a23d28-d356-7bb6-8b4b-ecee6bede53c", "version": 1}	2
822eb8e5-5d45-5010-af71-c0caf3ded8ec	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialty	specialty	00000000-0000-7000-8000-000000000002	专业：呼吸与危重症医学科	{"mutation_id": "01a23d28-d360-721d-aa22-d1ed21374a0b", "version": 1}	4
ecd3a206-392f-5387-b5ff-8f6da1e511bd	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialty	specialty	00000000-0000-7000-8000-000000000003	专业：神经内科	{"mutation_id": "01a23d28-d362-769f-babf-01a8bc802537", "version": 1}	6
fa94e880-6d3d-51bb-ab6d-6a8ba622b798	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialty	specialty	00000000-0000-7000-8000-000000000004	专业：骨科	{"mutation_id": "01a23d28-d364-7374-8a13-44f49eee47f9", "version": 1}	8
151dbd5f-084c-5b44-a246-3e6b964834dc	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialist	specialist	00000000-0000-7000-8000-000000000011	会诊医师：王建国（主任医师）	{"mutation_id": "01a23d28-d368-7975-b804-613e8f4a9b33", "version": 1}	10
ee14a3b5-8ed3-54dd-809f-90a4a64cdfb4	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialist	specialist	00000000-0000-7000-8000-000000000012	会诊医师：李萍（副主任医师）	{"mutation_id": "01a23d28-d369-7bcd-b06f-bc6e26e71e6a", "version": 1}	12
d1be00b8-e4e7-5ddf-bc22-55a11e885606	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialist	specialist	00000000-0000-7000-8000-000000000013	会诊医师：赵明（主任医师）	{"mutation_id": "01a23d28-d36a-795d-b184-6aeb3eabeab6", "version": 1}	14
3cdec9db-9658-5f61-8caf-de9f5b55dff1	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_specialist	specialist	00000000-0000-7000-8000-000000000014	会诊医师：孙立（副主任医师）	{"mutation_id": "01a23d28-d36c-7dd3-8929-c7fefc7ec300", "version": 1}	16
06fe42d2-7966-5536-9a70-f1bc2d4e520c	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000300	值班：2026-11-22 心血管内科 王建国	{"mutation_id": "01a23d28-d36f-73ae-a8b2-debda07be40c", "version": 1}	18
899c4511-cbd3-53be-b5f0-4f87f276a2db	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000301	值班：2026-11-23 心血管内科 王建国	{"mutation_id": "01a23d28-d371-7689-bef7-673b7651d98f", "version": 1}	20
7ae1c373-331d-5ad3-b106-cef1fbbc2c2f	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000302	值班：2026-11-24 心血管内科 王建国	{"mutation_id": "01a23d28-d373-71ba-a3ba-8f7d09ef06cd", "version": 1}	22
8a264305-7d91-599c-96ed-e6fffc14594d	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000303	值班：2026-11-25 心血管内科 王建国	{"mutation_id": "01a23d28-d375-7f6d-a9ff-532152522733", "version": 1}	24
16224caa-b0e6-5cf3-830b-40ff73ce458f	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000310	值班：2026-11-22 呼吸与危重症医学科 李萍	{"mutation_id": "01a23d28-d376-705e-9a1c-e5fd6fa3588d", "version": 1}	26
a48e0997-ab62-5e89-be9b-2a393c4cb019	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000311	值班：2026-11-23 呼吸与危重症医学科 李萍	{"mutation_id": "01a23d28-d378-7eeb-b9bc-802462901b91", "version": 1}	28
082b5f36-ff53-5d31-ac21-cb36e693ce04	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000312	值班：2026-11-24 呼吸与危重症医学科 李萍	{"mutation_id": "01a23d28-d37a-7b6d-8ae2-64acda5e07bf", "version": 1}	30
0e1df16b-41b9-528f-bb31-0959f3836695	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000313	值班：2026-11-25 呼吸与危重症医学科 李萍	{"mutation_id": "01a23d28-d37b-77af-b553-1d096f3f0fa8", "version": 1}	32
461d6321-9c70-5ecf-8980-7fe840485378	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000320	值班：2026-11-22 神经内科 赵明	{"mutation_id": "01a23d28-d37d-7024-b41c-a75e454161d8", "version": 1}	34
5f2823f0-8c6c-5b02-8bfa-8778d2c62028	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000321	值班：2026-11-23 神经内科 赵明	{"mutation_id": "01a23d28-d37e-718e-b208-34c6d63f1941", "version": 1}	36
6bfe6ebd-5ac0-5768-b3f9-5f498ae8e9d5	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000322	值班：2026-11-24 神经内科 赵明	{"mutation_id": "01a23d28-d380-7017-a6fc-7c108002bde0", "version": 1}	38
8d8ce3c6-e259-5983-a638-00e86c2ffdee	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000323	值班：2026-11-25 神经内科 赵明	{"mutation_id": "01a23d28-d381-7dbb-9ea7-0aa57b098fe9", "version": 1}	40
950428f8-2a56-57e8-9de8-90a7ff47b1b9	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	set_duty	roster_entry	00000000-0000-7000-8000-000000000399	值班：2026-11-30 心血管内科 王建国	{"mutation_id": "01a23d28-d383-7af8-89a7-5b8f24e37f17", "version": 1}	42
ed7b6edb-bcea-5fe6-9c01-94bc524cfd31	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_department	department	00000000-0000-7000-8000-000000000041	接收科室：心血管内科 转诊专用床位3张 默认入住1天后起2天	{"mutation_id": "01a23d28-d388-727c-90bc-9ac0e2013222", "version": 1}	44
f3ad8615-8d47-50a6-bfef-772e8842c1f9	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_department	department	00000000-0000-7000-8000-000000000042	接收科室：呼吸与危重症医学科 转诊专用床位2张 默认入住1天后起2天	{"mutation_id": "01a23d28-d38a-74ea-8983-5cbae5f38fe6", "version": 1}	46
cce89edf-3282-5669-9e1e-ad893efa024a	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_department	department	00000000-0000-7000-8000-000000000043	接收科室：神经内科 转诊专用床位0张 默认入住1天后起2天	{"mutation_id": "01a23d28-d38d-73bf-b6f6-48c1bbe66812", "version": 1}	48
d2f675e6-84a8-5839-973b-430d639ae23d	2026-11-22 16:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	upsert_department	department	00000000-0000-7000-8000-000000000044	接收科室：骨科 转诊专用床位1张 默认入住1天后起2天	{"mutation_id": "01a23d28-d38e-7b77-ac53-e5647ecc1679", "version": 1}	50
83b4bee9-80fb-59c0-91f8-52f013a46d9e	2026-11-23 00:30:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_consultation	consultation	00000000-0000-7000-8000-000000000101	登记会诊申请：阳谷中心医院 张医生 → 心血管内科 王建国	{"mutation_id": "01a23d28-d396-7dbe-9536-08c89f5af387", "version": 1}	52
9916783c-a999-5574-85a1-cc0bcafc15ef	2026-11-23 01:40:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_consultation	consultation	00000000-0000-7000-8000-000000000102	登记会诊申请：莘县中心医院 刘医生 → 呼吸与危重症医学科 李萍	{"mutation_id": "01a23d28-d39b-7541-896a-d46943522f54", "version": 1}	54
b9e7869d-4b24-56af-8dd1-4eadbf437a4c	2026-11-23 02:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_consultation	consultation	00000000-0000-7000-8000-000000000103	登记会诊申请：东昌府区人民医院 陈医生 → 神经内科 赵明	{"mutation_id": "01a23d28-d39e-732e-9c8f-7caa1b4f0eb6", "version": 1}	56
621961ea-5313-55e5-b6d3-79800e22ccf2	2026-11-23 01:30:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_consultation	consultation	00000000-0000-7000-8000-000000000105	登记会诊申请：北京积水潭聊城医院 吴医生 → 心血管内科 王建国	{"mutation_id": "01a23d28-d3a0-7198-8be7-152efef88ab2", "version": 1}	58
deaeed90-b32d-5cb2-a8a6-a64f3035c195	2026-11-23 00:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_consultation	consultation	00000000-0000-7000-8000-000000000104	登记会诊申请：冠县辛集镇中心卫生院 周医生 → 心血管内科 王建国	{"mutation_id": "01a23d28-d3a2-737f-b703-5b37b28176eb", "version": 1}	60
bbfedebf-4efb-5f1c-b900-8a2b1668a3f8	2026-11-23 00:20:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	approve_consultation	consultation	00000000-0000-7000-8000-000000000104	审核通过	{"mutation_id": "01a23d28-d3a4-702c-a893-1af8b7934574", "version": 2}	62
43303991-4c68-5ae7-948d-64d7e7eaad1e	2026-11-23 01:35:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	log_escalation_call	escalation_call	00000000-0000-7000-8000-000000000501	催办电话：王建国 未接听	{"mutation_id": "01a23d28-d3a7-7eb9-897a-cce4a5698d8a", "version": 1}	64
76a41012-f532-5c24-8722-cb22b2c0d5f6	2026-11-23 01:50:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	log_escalation_call	escalation_call	00000000-0000-7000-8000-000000000502	催办电话：王建国 将审核（门诊结束后处理）	{"mutation_id": "01a23d28-d3a8-7238-8cfe-541e0b41c61c", "version": 1}	66
f51e5de9-9ddb-55a7-98ec-6a3ee7de3d28	2026-11-23 00:10:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_bed_request	bed_request	00000000-0000-7000-8000-000000000201	申请床位：心血管内科	{"mutation_id": "01a23d28-d3ac-7800-baa8-4e0207cc4fa8", "version": 1}	68
537c80d0-d0bf-5e8f-af19-3d999e90e875	2026-11-23 00:11:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_bed_request	bed_request	00000000-0000-7000-8000-000000000202	申请床位：骨科	{"mutation_id": "01a23d28-d3ad-7f8b-a89a-5fea5a44118a", "version": 1}	70
07c5a4b0-cbac-5542-9373-214b8071287b	2026-11-23 00:40:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	flag_bed_coordination	bed_request	00000000-0000-7000-8000-000000000202	转为需协调：科室满床	{"mutation_id": "01a23d28-d3af-71d9-9e9f-cfb3ca55ae0b", "version": 2}	72
8ac2044d-86ce-5daf-b82c-13ba325e1f6a	2026-11-23 01:10:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	log_escalation_call	escalation_call	00000000-0000-7000-8000-000000000601	催办电话：骨科护士长 已接通（明早出院一床）	{"mutation_id": "01a23d28-d3b0-76e5-b9f8-e97301cbcd26", "version": 1}	74
145f7471-b889-5d88-bbc9-a2ce2888404d	2026-11-23 00:12:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_bed_request	bed_request	00000000-0000-7000-8000-000000000203	申请床位：神经内科	{"mutation_id": "01a23d28-d3b1-7560-9c25-bb4d07c310e2", "version": 1}	76
261d0fdd-5b9d-5a7a-87cb-0d6bfa2d98b7	2026-11-23 00:13:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_bed_request	bed_request	00000000-0000-7000-8000-000000000204	申请床位：呼吸与危重症医学科	{"mutation_id": "01a23d28-d3b2-7cce-88b1-2d8cbae047de", "version": 1}	78
f8b2a395-c5ab-5414-a442-5b1bfe75edb1	2026-11-23 00:50:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	reserve_bed	bed_request	00000000-0000-7000-8000-000000000204	预留床位：呼吸二病区 12床	{"mutation_id": "01a23d28-d3b4-7c67-97e6-0c64dc1a952c", "version": 2}	80
b3db2524-14a5-5450-9c02-2060065eb7bb	2026-11-23 00:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_consultation	consultation	00000000-0000-7000-8000-000000000106	登记会诊申请：莘县中心医院 马医生 → 神经内科 赵明	{"mutation_id": "01a23d28-d3b6-725e-91f3-c4dba45fb326", "version": 1}	82
636c4914-0733-5d09-a335-148d4c93bc61	2026-11-23 00:05:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	approve_consultation	consultation	00000000-0000-7000-8000-000000000106	审核通过	{"mutation_id": "01a23d28-d3b7-7d6d-bfa4-aac9f4df1c29", "version": 2}	84
0296fae5-d1e4-524a-9576-575fdb7ddae7	2026-11-23 00:06:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	schedule_consultation	consultation	00000000-0000-7000-8000-000000000106	约定会诊时间：11-23 08:30-09:00	{"mutation_id": "01a23d28-d3bb-75d9-ac03-dd6ef94ad9af", "version": 3}	86
e1faaf71-5043-5f2b-9961-162abd507291	2026-11-23 01:05:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	complete_consultation	consultation	00000000-0000-7000-8000-000000000106	会诊完成：需上转	{"mutation_id": "01a23d28-d3bd-7055-bd3e-74f3eb4af2c5", "version": 4}	88
021c134b-48db-596b-8bba-04f64bd53494	2026-11-18 15:30:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_referral	referral	00000000-0000-7000-8000-000000000701	申请上转（急诊先入院后补录）：刘建军 冠县辛集镇中心卫生院 → 聊城市人民医院 心血管内科	{"mutation_id": "01a23d28-d3c6-73cb-aa0f-a63d7ba9f1f5", "version": 1}	90
4c775231-9cd4-5df6-976b-ef57cb1c3926	2026-11-13 07:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	create_referral	referral	00000000-0000-7000-8000-000000000702	申请下转：孙桂芝 聊城市人民医院 → 东昌府区人民医院 消化内科	{"mutation_id": "01a23d28-d3cc-7fd1-a3ec-1bc0b555d1fb", "version": 1}	92
56371c57-b8fb-577c-baf3-af92dc0dc1ce	2026-11-14 02:00:00	2026-11-23 02:00:00	8号窗口操作员	8号窗口	record_transfer	referral	00000000-0000-7000-8000-000000000702	已转诊（11-14 10:00），随访：11-21、12-14	{"mutation_id": "01a23d28-d3d0-750a-a437-f62a3b5f443f", "version": 2}	94
\.


--
-- Data for Name: bed_request; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.bed_request (id, version, updated_at, deleted_at, change_seq, consultation_id, referral_id, department, department_phone, patient_name, patient_id_number, patient_phone, from_unit, window_start, window_end, requested_at, status, status_changed_at, ward, bed_no, reserved_at, close_reason) FROM stdin;
00000000-0000-7000-8000-000000000201	1	2026-11-23 00:10:00	\N	67	\N	\N	心血管内科	0635-8273000	欧阳床0	371502197002010007	\N	阳谷中心医院	2026-11-23 10:00:00	2026-11-25 10:00:00	2026-11-23 00:10:00	requested	2026-11-23 00:10:00	\N	\N	\N	\N
00000000-0000-7000-8000-000000000202	2	2026-11-23 00:40:00	\N	71	\N	\N	骨科	0635-8273001	欧阳床1	371502197002010015	\N	阳谷中心医院	2026-11-26 01:00:00	2026-11-28 01:00:00	2026-11-23 00:11:00	needs_coordination	2026-11-23 00:40:00	\N	\N	\N	\N
00000000-0000-7000-8000-000000000203	1	2026-11-23 00:12:00	\N	75	\N	\N	神经内科	0635-8273002	欧阳床2	371502197002010023	\N	阳谷中心医院	2026-11-27 01:00:00	2026-11-29 01:00:00	2026-11-23 00:12:00	requested	2026-11-23 00:12:00	\N	\N	\N	\N
00000000-0000-7000-8000-000000000204	2	2026-11-23 00:50:00	\N	79	\N	\N	呼吸与危重症医学科	0635-8273003	欧阳床3	371502197002010031	\N	阳谷中心医院	2026-11-23 06:00:00	2026-11-25 06:00:00	2026-11-23 00:13:00	reserved	2026-11-23 00:50:00	呼吸二病区	12	2026-11-23 00:50:00	\N
\.


--
-- Data for Name: consultation; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.consultation (id, version, updated_at, deleted_at, change_seq, requesting_unit, requesting_doctor, requesting_phone, patient_name, patient_sex, patient_age, patient_id_number, patient_phone, diagnosis, specialty_id, specialist_id, appointment_at, appointment_end, submitted_at, status, status_changed_at, answered_at, decline_reason, slot_start, slot_end, outcome, outcome_text, close_reason) FROM stdin;
00000000-0000-7000-8000-000000000101	1	2026-11-23 00:30:00	\N	51	阳谷中心医院	张医生	0635-5551234	患者1	男	61	371502196001010019	13900000000	社区获得性肺炎	00000000-0000-7000-8000-000000000001	00000000-0000-7000-8000-000000000011	\N	\N	2026-11-23 00:30:00	submitted	2026-11-23 00:30:00	\N	\N	\N	\N	\N	\N	\N
00000000-0000-7000-8000-000000000102	1	2026-11-23 01:40:00	\N	53	莘县中心医院	刘医生	0635-5551234	患者2	男	62	371502196001010027	13900000000	社区获得性肺炎	00000000-0000-7000-8000-000000000002	00000000-0000-7000-8000-000000000012	2026-11-23 02:40:00	\N	2026-11-23 01:40:00	submitted	2026-11-23 01:40:00	\N	\N	\N	\N	\N	\N	\N
00000000-0000-7000-8000-000000000103	1	2026-11-23 02:00:00	\N	55	东昌府区人民医院	陈医生	0635-5551234	患者3	男	63	371502196001010035	13900000000	社区获得性肺炎	00000000-0000-7000-8000-000000000003	00000000-0000-7000-8000-000000000013	2026-11-23 07:00:00	\N	2026-11-23 02:00:00	submitted	2026-11-23 02:00:00	\N	\N	\N	\N	\N	\N	\N
00000000-0000-7000-8000-000000000105	1	2026-11-23 01:30:00	\N	57	北京积水潭聊城医院	吴医生	0635-5551234	患者5	男	65	371502196001010051	13900000000	社区获得性肺炎	00000000-0000-7000-8000-000000000001	00000000-0000-7000-8000-000000000011	\N	\N	2026-11-23 01:30:00	submitted	2026-11-23 01:30:00	\N	\N	\N	\N	\N	\N	\N
00000000-0000-7000-8000-000000000104	2	2026-11-23 00:20:00	\N	61	冠县辛集镇中心卫生院	周医生	0635-5551234	患者4	男	64	371502196001010043	13900000000	社区获得性肺炎	00000000-0000-7000-8000-000000000001	00000000-0000-7000-8000-000000000011	\N	\N	2026-11-23 00:00:00	approved	2026-11-23 00:20:00	2026-11-23 00:20:00	\N	\N	\N	\N	\N	\N
00000000-0000-7000-8000-000000000106	4	2026-11-23 01:05:00	\N	87	莘县中心医院	马医生	0635-5551234	高秀兰	女	67	371522195903010043	13900000006	急性脑梗死	00000000-0000-7000-8000-000000000003	00000000-0000-7000-8000-000000000013	\N	\N	2026-11-23 00:00:00	completed	2026-11-23 01:05:00	2026-11-23 00:05:00	\N	2026-11-23 00:30:00	2026-11-23 01:00:00	refer_up	\N	\N
\.


--
-- Data for Name: department; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.department (id, version, updated_at, deleted_at, change_seq, name, phone, reserved_beds, total_beds, reserve_percent, window_offset_days, window_days, sort_order, search_key) FROM stdin;
00000000-0000-7000-8000-000000000041	1	2026-11-22 16:00:00	\N	43	心血管内科	0635-8273001	3	\N	\N	1	2	0	|心血管内科|xinxueguanneike|xxgnk|
00000000-0000-7000-8000-000000000042	1	2026-11-22 16:00:00	\N	45	呼吸与危重症医学科	0635-8273002	2	\N	\N	1	2	1	|呼吸与危重症医学科|huxiyuweizhongzhengyixueke|hxywzzyxk|
00000000-0000-7000-8000-000000000043	1	2026-11-22 16:00:00	\N	47	神经内科	0635-8273003	0	\N	\N	1	2	2	|神经内科|shenjingneike|sjnk|
00000000-0000-7000-8000-000000000044	1	2026-11-22 16:00:00	\N	49	骨科	0635-8273004	1	\N	\N	1	2	3	|骨科|guke|gk|
\.


--
-- Data for Name: directory_entry; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.directory_entry (id, version, updated_at, deleted_at, change_seq, unit_name, contact, phone, phone_digits, purpose, sort_order, search_key) FROM stdin;
\.


--
-- Data for Name: disease_list; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.disease_list (id, version, updated_at, deleted_at, change_seq, edition, content_json, note, published_at, operator) FROM stdin;
077ceabc-c3be-5b3f-a67a-a97b1f0ce9bf	1	2026-12-03 18:26:54.976641	\N	\N	1	{"edition": 1, "note": "首版：000 三(2) 的 8 个病种（CMI 小于 0.5），同义写法与各组的排除条件按病组名称整理；不宜转诊情形按 001 附件 三", "groups": [{"code": 1, "name": "溃疡性肠炎，非重度", "diagnoses": ["溃疡性结肠炎", "溃疡性直肠炎", "慢性溃疡性全结肠炎"], "synonyms": {"UC": "溃疡性结肠炎", "溃结": "溃疡性结肠炎", "溃疡性肠炎": "溃疡性结肠炎", "溃疡性全结肠炎": "慢性溃疡性全结肠炎", "溃疡性直乙状结肠炎": "溃疡性直肠炎"}, "limits": ["not_severe", "no_severe_complication"], "complications": ["中毒性巨结肠", "肠穿孔", "消化道大出血", "癌变", "肠梗阻"], "severe_terms": ["暴发型", "爆发型"]}, {"code": 2, "name": "非手术慢性胆道疾患，不伴有合并症与并发症", "diagnoses": ["胆囊结石伴胆囊炎", "胆总管结石伴胆管炎", "胆管炎", "胆道感染"], "synonyms": {"胆囊结石伴慢性胆囊炎": "胆囊结石伴胆囊炎", "胆囊结石并胆囊炎": "胆囊结石伴胆囊炎", "胆囊炎伴胆囊结石": "胆囊结石伴胆囊炎", "慢性胆囊炎伴胆囊结石": "胆囊结石伴胆囊炎", "胆结石伴胆囊炎": "胆囊结石伴胆囊炎", "胆石症伴胆囊炎": "胆囊结石伴胆囊炎", "结石性胆囊炎": "胆囊结石伴胆囊炎", "胆总管结石并胆管炎": "胆总管结石伴胆管炎", "胆管结石伴胆管炎": "胆总管结石伴胆管炎", "胆系感染": "胆道感染", "胆道系统感染": "胆道感染"}, "limits": ["non_surgical", "no_complication"], "complications": ["胆源性胰腺炎", "急性胰腺炎", "梗阻性黄疸", "急性梗阻性化脓性胆管炎", "化脓性胆管炎", "胆囊穿孔", "坏疽性胆囊炎", "胆囊积脓", "肝脓肿", "脓毒症", "感染性休克"], "severe_terms": ["重症胆管炎"]}, {"code": 3, "name": "基础病组支气管炎及哮喘", "diagnoses": ["急性支气管炎", "支气管哮喘", "过敏性鼻炎伴哮喘", "支气管周围炎", "轻度支气管哮喘急性发作", "咳嗽变异性哮喘"], "synonyms": {"哮喘": "支气管哮喘", "CVA": "咳嗽变异性哮喘", "变异性哮喘": "咳嗽变异性哮喘", "过敏性鼻炎-哮喘综合征": "过敏性鼻炎伴哮喘", "过敏性鼻炎合并哮喘": "过敏性鼻炎伴哮喘", "急性气管支气管炎": "急性支气管炎", "急性气管-支气管炎": "急性支气管炎"}, "limits": ["mild_attack"], "complications": ["气胸", "纵隔气肿", "肺不张"], "severe_terms": ["哮喘持续状态", "危重哮喘", "重症哮喘", "危及生命"]}, {"code": 4, "name": "中耳炎或上呼吸道感染不伴有并发症和伴随症", "diagnoses": ["急性上呼吸道感染", "急性化脓性扁桃体炎", "上呼吸道感染", "急性扁桃体炎", "疱疹性咽峡炎", "扁桃体周围炎", "鼻窦炎", "中耳炎"], "synonyms": {"上感": "上呼吸道感染", "URTI": "上呼吸道感染", "URI": "上呼吸道感染", "化脓性扁桃体炎": "急性化脓性扁桃体炎", "扁桃体炎": "急性扁桃体炎", "鼻-鼻窦炎": "鼻窦炎"}, "limits": ["non_surgical", "no_complication"], "complications": ["扁桃体周围脓肿", "咽旁脓肿", "咽后脓肿", "肺炎", "心肌炎", "肾小球肾炎", "风湿热", "脓毒症", "败血症", "乳突炎", "脑膜炎", "颅内感染", "面神经麻痹", "眶周蜂窝织炎", "眶内感染"], "severe_terms": []}, {"code": 5, "name": "慢性胃炎", "diagnoses": ["慢性浅表性胃炎", "胃炎", "慢性胃炎", "萎缩性胃炎", "反流性胃炎"], "synonyms": {"浅表性胃炎": "慢性浅表性胃炎", "慢性非萎缩性胃炎": "慢性胃炎", "非萎缩性胃炎": "慢性胃炎", "胆汁反流性胃炎": "反流性胃炎"}, "limits": [], "complications": [], "severe_terms": []}, {"code": 6, "name": "癫痫或惊厥不伴有极重度或严重的并发症和伴随症", "diagnoses": ["癫痫", "癫痫持续状态", "良性惊厥", "癫痫样发作"], "synonyms": {"癫痫发作": "癫痫", "继发性癫痫": "癫痫", "症状性癫痫": "癫痫", "单纯性热性惊厥": "良性惊厥", "良性婴儿惊厥": "良性惊厥", "良性家族性新生儿惊厥": "良性惊厥"}, "limits": ["no_severe_complication"], "complications": ["吸入性肺炎", "脑水肿", "横纹肌溶解", "颅脑损伤", "颅内出血"], "severe_terms": []}, {"code": 7, "name": "其他消化系统疾病，不伴有并发症和伴随症", "diagnoses": ["急性阑尾炎", "胃肠功能紊乱", "直肠粘膜脱垂内科治疗"], "synonyms": {"急性单纯性阑尾炎": "急性阑尾炎", "阑尾炎": "急性阑尾炎", "功能性胃肠病": "胃肠功能紊乱", "胃肠神经官能症": "胃肠功能紊乱", "肠易激综合征": "胃肠功能紊乱", "IBS": "胃肠功能紊乱", "直肠粘膜脱垂": "直肠粘膜脱垂内科治疗", "直肠黏膜脱垂": "直肠粘膜脱垂内科治疗"}, "limits": ["no_complication"], "non_surgical_diagnoses": ["直肠粘膜脱垂内科治疗"], "complications": ["阑尾穿孔", "穿孔", "阑尾周围脓肿", "腹膜炎", "坏疽", "肠梗阻"], "severe_terms": []}, {"code": 8, "name": "基础病组类风湿性关节炎不伴有极重度或严重的并发症和伴随症", "diagnoses": ["血清反应阳性类风湿性关节炎", "类风湿性关节炎", "幼年型类风湿性关节炎"], "synonyms": {"类风湿关节炎": "类风湿性关节炎", "RA": "类风湿性关节炎", "类风关": "类风湿性关节炎", "血清阳性类风湿关节炎": "血清反应阳性类风湿性关节炎", "血清反应阳性类风湿关节炎": "血清反应阳性类风湿性关节炎", "幼年型类风湿关节炎": "幼年型类风湿性关节炎", "幼年特发性关节炎": "幼年型类风湿性关节炎", "JIA": "幼年型类风湿性关节炎"}, "limits": ["no_severe_complication"], "complications": ["间质性肺病", "肺间质纤维化", "间质性肺炎", "类风湿血管炎", "血管炎", "心包炎", "淀粉样变", "寰枢椎半脱位", "费尔蒂综合征"], "severe_terms": []}], "stable": ["恢复期", "稳定期", "病情稳定", "康复期", "康复治疗", "长期康复", "门诊随访", "定期复诊", "长期管理", "老年护理", "维持治疗"], "palliative": ["姑息治疗", "保守治疗", "支持治疗", "对症支持", "安宁疗护", "临终关怀"], "malignant": ["恶性肿瘤", "癌", "肉瘤", "淋巴瘤", "白血病", "骨髓瘤", "恶性黑色素瘤", "胶质母细胞瘤"], "critical": ["生命体征不稳定", "生命体征不平稳", "休克", "呼吸衰竭", "昏迷", "多器官功能衰竭", "多脏器功能衰竭", "病危", "病情危重", "大出血", "心脏骤停", "急性心力衰竭", "急性心肌梗死", "脑疝"], "specialised": ["活动性肺结核", "肺结核", "结核病", "结核性胸膜炎", "结核性脑膜炎", "艾滋病", "HIV感染", "霍乱", "鼠疫", "传染性非典型肺炎", "开放性结核", "精神分裂症", "严重精神障碍", "重性精神疾病", "狂犬病", "炭疽", "新型冠状病毒感染"], "ignore": ["癌前", "癌胚抗原", "抗癌", "陈旧性肺结核", "陈旧性结核", "结核菌素", "结核抗体阴性"]}	首版：000 三(2) 的 8 个病种（CMI 小于 0.5），同义写法与各组的排除条件按病组名称整理；不宜转诊情形按 001 附件 三	2026-12-03 18:26:54.976641	
\.


--
-- Data for Name: drg_group; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.drg_group (id, version, updated_at, deleted_at, change_seq, code, name, diagnoses_json) FROM stdin;
12fb0b51-36d8-5ec8-8ab5-630e5eedaeeb	1	2026-12-03 18:26:54.976641	\N	\N	1	溃疡性肠炎，非重度	["溃疡性结肠炎", "溃疡性直肠炎", "慢性溃疡性全结肠炎"]
39120aae-d877-510c-b821-6ccde7a955db	1	2026-12-03 18:26:54.976641	\N	\N	2	非手术慢性胆道疾患，不伴有合并症与并发症	["胆囊结石伴胆囊炎", "胆总管结石伴胆管炎", "胆管炎", "胆道感染"]
08ba5208-7c0d-59d4-9b70-cc03ea7ad1d4	1	2026-12-03 18:26:54.976641	\N	\N	3	基础病组支气管炎及哮喘	["急性支气管炎", "支气管哮喘", "过敏性鼻炎伴哮喘", "支气管周围炎", "轻度支气管哮喘急性发作", "咳嗽变异性哮喘"]
1bb5d48f-02fa-57e0-ad02-d2c58a0f117c	1	2026-12-03 18:26:54.976641	\N	\N	4	中耳炎或上呼吸道感染不伴有并发症和伴随症	["急性上呼吸道感染", "急性化脓性扁桃体炎", "上呼吸道感染", "急性扁桃体炎", "疱疹性咽峡炎", "扁桃体周围炎", "鼻窦炎", "中耳炎"]
16e22b60-3654-5b84-a1c8-ba1844637123	1	2026-12-03 18:26:54.976641	\N	\N	5	慢性胃炎	["慢性浅表性胃炎", "胃炎", "慢性胃炎", "萎缩性胃炎", "反流性胃炎"]
fe6b8695-6e49-5ef1-91b3-70b25a46e16e	1	2026-12-03 18:26:54.976641	\N	\N	6	癫痫或惊厥不伴有极重度或严重的并发症和伴随症	["癫痫", "癫痫持续状态", "良性惊厥", "癫痫样发作"]
d51fc3a6-b042-55ec-bac0-f8b63f8b3a47	1	2026-12-03 18:26:54.976641	\N	\N	7	其他消化系统疾病，不伴有并发症和伴随症	["急性阑尾炎", "胃肠功能紊乱", "直肠粘膜脱垂内科治疗"]
a4beb1d6-32ef-5361-b3b9-179c0192bb53	1	2026-12-03 18:26:54.976641	\N	\N	8	基础病组类风湿性关节炎不伴有极重度或严重的并发症和伴随症	["血清反应阳性类风湿性关节炎", "类风湿性关节炎", "幼年型类风湿性关节炎"]
\.


--
-- Data for Name: escalation_call; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.escalation_call (id, version, updated_at, deleted_at, change_seq, consultation_id, bed_request_id, called_at, callee, callee_phone, result, note, operator, workstation) FROM stdin;
00000000-0000-7000-8000-000000000501	1	2026-11-23 01:35:00	\N	63	00000000-0000-7000-8000-000000000101	\N	2026-11-23 01:35:00	王建国	13346250001	no_answer		8号窗口操作员	8号窗口
00000000-0000-7000-8000-000000000502	1	2026-11-23 01:50:00	\N	65	00000000-0000-7000-8000-000000000101	\N	2026-11-23 01:50:00	王建国	13346250001	will_approve	门诊结束后处理	8号窗口操作员	8号窗口
00000000-0000-7000-8000-000000000601	1	2026-11-23 01:10:00	\N	73	\N	00000000-0000-7000-8000-000000000202	2026-11-23 01:10:00	骨科护士长	\N	reached	明早出院一床	8号窗口操作员	8号窗口
\.


--
-- Data for Name: follow_up; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.follow_up (id, version, updated_at, deleted_at, change_seq, referral_id, due_date, status, attempts, result, note, done_at, last_call_at, operator) FROM stdin;
39643ddd-c6e1-5c1d-81db-d9b8fb7c660e	1	2026-11-18 15:30:00	\N	89	00000000-0000-7000-8000-000000000701	2026-11-23	due	0	\N		\N	\N	
5eed6cbc-1f1a-5453-90b3-eb1fad1cd2f0	1	2026-11-14 02:00:00	\N	93	00000000-0000-7000-8000-000000000702	2026-11-21	due	0	\N		\N	\N	
2b4d5841-739f-5e5e-bc1e-ca0c992a440b	1	2026-11-14 02:00:00	\N	93	00000000-0000-7000-8000-000000000702	2026-12-14	due	0	\N		\N	\N	
\.


--
-- Data for Name: outbox; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.outbox (seq, mutation_id, command, entity, entity_id, base_version, payload_json, operator, created_at, state, attempts, last_error) FROM stdin;
\.


--
-- Data for Name: rd_meta; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.rd_meta (key, value) FROM stdin;
application	referral_desk
schema_version	8
server_id	953f877d-81cb-4546-85ff-33364514f67a
\.


--
-- Data for Name: referral; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.referral (id, version, updated_at, deleted_at, change_seq, direction, consultation_id, emergency, inpatient, patient_name, patient_sex, patient_age, patient_id_number, patient_phone, patient_address, diagnosis, from_unit, to_unit, department, criteria_json, reason, reviewed_by, consent_by, drg_code, eligibility, disease_list_edition, downward_basis, opinion, records_sent_json, receiver_confirmed_by, receiver_confirmed_at, follow_up_plan, follow_up_days_json, window_start, window_end, requested_at, status, status_changed_at, transferred_at, close_reason) FROM stdin;
00000000-0000-7000-8000-000000000701	1	2026-11-18 15:30:00	\N	89	up	\N	t	t	刘建军	男	58	371502196805050016	13900000007		急性心肌梗死	冠县辛集镇中心卫生院	聊城市人民医院	心血管内科	["critical"]	急性心梗，需急诊介入	周主任	家属 刘芳	\N		\N			[]		\N		[]	2026-11-18 14:40:00	2026-11-18 14:40:00	2026-11-18 15:30:00	transferred	2026-11-18 15:30:00	2026-11-18 14:40:00	\N
00000000-0000-7000-8000-000000000702	2	2026-11-14 02:00:00	\N	93	down	\N	f	t	孙桂芝	女	72	371502195407070025	13900000008		慢性萎缩性胃炎	聊城市人民医院	东昌府区人民医院	消化内科	[]		王主任	患者本人	5	符合下转：第5组「慢性胃炎」（萎缩性胃炎）（000 三(2)）	1			[]	东昌府区医务科 李主任	2026-11-13 07:00:00	奥美拉唑 20mg 每日一次，4周后复查胃镜	[7, 30]	2026-11-14 00:00:00	2026-11-14 09:00:00	2026-11-13 07:00:00	transferred	2026-11-14 02:00:00	2026-11-14 02:00:00	\N
\.


--
-- Data for Name: reminder; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.reminder (id, version, updated_at, deleted_at, change_seq, consultation_id, channel, kind, lead_minutes, mobile, text, origin, queued_at, status, attempts, next_attempt_at, last_error, sent_at) FROM stdin;
\.


--
-- Data for Name: roster_entry; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.roster_entry (id, version, updated_at, deleted_at, change_seq, specialty_id, duty_date, specialist_id, roster_import_id) FROM stdin;
00000000-0000-7000-8000-000000000300	1	2026-11-22 16:00:00	\N	17	00000000-0000-7000-8000-000000000001	2026-11-22	00000000-0000-7000-8000-000000000011	\N
00000000-0000-7000-8000-000000000301	1	2026-11-22 16:00:00	\N	19	00000000-0000-7000-8000-000000000001	2026-11-23	00000000-0000-7000-8000-000000000011	\N
00000000-0000-7000-8000-000000000302	1	2026-11-22 16:00:00	\N	21	00000000-0000-7000-8000-000000000001	2026-11-24	00000000-0000-7000-8000-000000000011	\N
00000000-0000-7000-8000-000000000303	1	2026-11-22 16:00:00	\N	23	00000000-0000-7000-8000-000000000001	2026-11-25	00000000-0000-7000-8000-000000000011	\N
00000000-0000-7000-8000-000000000310	1	2026-11-22 16:00:00	\N	25	00000000-0000-7000-8000-000000000002	2026-11-22	00000000-0000-7000-8000-000000000012	\N
00000000-0000-7000-8000-000000000311	1	2026-11-22 16:00:00	\N	27	00000000-0000-7000-8000-000000000002	2026-11-23	00000000-0000-7000-8000-000000000012	\N
00000000-0000-7000-8000-000000000312	1	2026-11-22 16:00:00	\N	29	00000000-0000-7000-8000-000000000002	2026-11-24	00000000-0000-7000-8000-000000000012	\N
00000000-0000-7000-8000-000000000313	1	2026-11-22 16:00:00	\N	31	00000000-0000-7000-8000-000000000002	2026-11-25	00000000-0000-7000-8000-000000000012	\N
00000000-0000-7000-8000-000000000320	1	2026-11-22 16:00:00	\N	33	00000000-0000-7000-8000-000000000003	2026-11-22	00000000-0000-7000-8000-000000000013	\N
00000000-0000-7000-8000-000000000321	1	2026-11-22 16:00:00	\N	35	00000000-0000-7000-8000-000000000003	2026-11-23	00000000-0000-7000-8000-000000000013	\N
00000000-0000-7000-8000-000000000322	1	2026-11-22 16:00:00	\N	37	00000000-0000-7000-8000-000000000003	2026-11-24	00000000-0000-7000-8000-000000000013	\N
00000000-0000-7000-8000-000000000323	1	2026-11-22 16:00:00	\N	39	00000000-0000-7000-8000-000000000003	2026-11-25	00000000-0000-7000-8000-000000000013	\N
00000000-0000-7000-8000-000000000399	1	2026-11-22 16:00:00	\N	41	00000000-0000-7000-8000-000000000001	2026-11-30	00000000-0000-7000-8000-000000000011	\N
\.


--
-- Data for Name: roster_import; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.roster_import (id, version, updated_at, deleted_at, change_seq, month, file_name, layout, imported_at, operator, specialties_json, entries, replaced) FROM stdin;
\.


--
-- Data for Name: specialist; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.specialist (id, version, updated_at, deleted_at, change_seq, name, title, phone, specialty_id, search_key) FROM stdin;
00000000-0000-7000-8000-000000000011	1	2026-11-22 16:00:00	\N	9	王建国	主任医师	13346250001	00000000-0000-7000-8000-000000000001	|王建国|wangjianguo|wjg|13346250001|
00000000-0000-7000-8000-000000000012	1	2026-11-22 16:00:00	\N	11	李萍	副主任医师	13346250002	00000000-0000-7000-8000-000000000002	|李萍|liping|lp|13346250002|
00000000-0000-7000-8000-000000000013	1	2026-11-22 16:00:00	\N	13	赵明	主任医师	13346250003	00000000-0000-7000-8000-000000000003	|赵明|zhaoming|zm|13346250003|
00000000-0000-7000-8000-000000000014	1	2026-11-22 16:00:00	\N	15	孙立	副主任医师	13346250004	00000000-0000-7000-8000-000000000001	|孙立|sunli|sl|13346250004|
\.


--
-- Data for Name: specialty; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.specialty (id, version, updated_at, deleted_at, change_seq, name, sort_order, search_key) FROM stdin;
00000000-0000-7000-8000-000000000001	1	2026-11-22 16:00:00	\N	1	心血管内科	0	|心血管内科|xinxueguanneike|xxgnk|
00000000-0000-7000-8000-000000000002	1	2026-11-22 16:00:00	\N	3	呼吸与危重症医学科	1	|呼吸与危重症医学科|huxiyuweizhongzhengyixueke|hxywzzyxk|
00000000-0000-7000-8000-000000000003	1	2026-11-22 16:00:00	\N	5	神经内科	2	|神经内科|shenjingneike|sjnk|
00000000-0000-7000-8000-000000000004	1	2026-11-22 16:00:00	\N	7	骨科	3	|骨科|guke|gk|
\.


--
-- Data for Name: sync_conflict; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sync_conflict (id, mutation_id, command, entity, entity_id, status, message, server_row_json, created_at, acknowledged_at) FROM stdin;
\.


--
-- Data for Name: sync_counter; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.sync_counter (name, value) FROM stdin;
change_seq	94
\.


--
-- Data for Name: workstation_token; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.workstation_token (name, token_hash, role, created_at, revoked_at, expires_at) FROM stdin;
8号窗口	427b65eed60a5065496e7ad492f88ad9682bde7b879441bf8f33008916a246ed	operator	2026-11-23 02:00:00	\N	\N
2号窗口	43fef2bd611bc8fbc60f1e75ddf206ce84394f9784d707594f7088b87843d1c4	operator	2026-11-23 02:00:00	\N	\N
\.


--
-- Name: outbox_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outbox_seq_seq', 1, false);


--
-- Name: applied_mutation applied_mutation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.applied_mutation
    ADD CONSTRAINT applied_mutation_pkey PRIMARY KEY (mutation_id);


--
-- Name: audit_entry audit_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_entry
    ADD CONSTRAINT audit_entry_pkey PRIMARY KEY (id);


--
-- Name: bed_request bed_request_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bed_request
    ADD CONSTRAINT bed_request_pkey PRIMARY KEY (id);


--
-- Name: consultation consultation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultation
    ADD CONSTRAINT consultation_pkey PRIMARY KEY (id);


--
-- Name: department department_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department
    ADD CONSTRAINT department_name_key UNIQUE (name);


--
-- Name: department department_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.department
    ADD CONSTRAINT department_pkey PRIMARY KEY (id);


--
-- Name: directory_entry directory_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.directory_entry
    ADD CONSTRAINT directory_entry_pkey PRIMARY KEY (id);


--
-- Name: disease_list disease_list_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.disease_list
    ADD CONSTRAINT disease_list_pkey PRIMARY KEY (id);


--
-- Name: drg_group drg_group_code_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.drg_group
    ADD CONSTRAINT drg_group_code_key UNIQUE (code);


--
-- Name: drg_group drg_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.drg_group
    ADD CONSTRAINT drg_group_pkey PRIMARY KEY (id);


--
-- Name: escalation_call escalation_call_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation_call
    ADD CONSTRAINT escalation_call_pkey PRIMARY KEY (id);


--
-- Name: follow_up follow_up_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.follow_up
    ADD CONSTRAINT follow_up_pkey PRIMARY KEY (id);


--
-- Name: outbox outbox_mutation_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_mutation_id_key UNIQUE (mutation_id);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);


--
-- Name: rd_meta rd_meta_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rd_meta
    ADD CONSTRAINT rd_meta_pkey PRIMARY KEY (key);


--
-- Name: referral referral_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_pkey PRIMARY KEY (id);


--
-- Name: reminder reminder_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_pkey PRIMARY KEY (id);


--
-- Name: roster_entry roster_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_entry
    ADD CONSTRAINT roster_entry_pkey PRIMARY KEY (id);


--
-- Name: roster_import roster_import_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_import
    ADD CONSTRAINT roster_import_pkey PRIMARY KEY (id);


--
-- Name: specialist specialist_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_pkey PRIMARY KEY (id);


--
-- Name: specialty specialty_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.specialty
    ADD CONSTRAINT specialty_name_key UNIQUE (name);


--
-- Name: specialty specialty_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.specialty
    ADD CONSTRAINT specialty_pkey PRIMARY KEY (id);


--
-- Name: sync_conflict sync_conflict_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_conflict
    ADD CONSTRAINT sync_conflict_pkey PRIMARY KEY (id);


--
-- Name: sync_counter sync_counter_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_counter
    ADD CONSTRAINT sync_counter_pkey PRIMARY KEY (name);


--
-- Name: workstation_token workstation_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.workstation_token
    ADD CONSTRAINT workstation_token_pkey PRIMARY KEY (name);


--
-- Name: workstation_token workstation_token_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.workstation_token
    ADD CONSTRAINT workstation_token_token_hash_key UNIQUE (token_hash);


--
-- Name: ix_audit_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_at ON public.audit_entry USING btree (at);


--
-- Name: ix_audit_entity; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_entity ON public.audit_entry USING btree (entity, entity_id, at);


--
-- Name: ix_audit_entry_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_audit_entry_change_seq ON public.audit_entry USING btree (change_seq);


--
-- Name: ix_bed_consultation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bed_consultation ON public.bed_request USING btree (consultation_id);


--
-- Name: ix_bed_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bed_referral ON public.bed_request USING btree (referral_id);


--
-- Name: ix_bed_request_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bed_request_change_seq ON public.bed_request USING btree (change_seq);


--
-- Name: ix_bed_status_window; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bed_status_window ON public.bed_request USING btree (status, window_start);


--
-- Name: ix_bed_status_window_end; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_bed_status_window_end ON public.bed_request USING btree (status, window_end);


--
-- Name: ix_call_bed; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_call_bed ON public.escalation_call USING btree (bed_request_id, called_at);


--
-- Name: ix_call_consultation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_call_consultation ON public.escalation_call USING btree (consultation_id, called_at);


--
-- Name: ix_conflict_open; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_conflict_open ON public.sync_conflict USING btree (acknowledged_at, created_at);


--
-- Name: ix_consultation_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consultation_change_seq ON public.consultation USING btree (change_seq);


--
-- Name: ix_consultation_specialist_slot; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consultation_specialist_slot ON public.consultation USING btree (specialist_id, slot_start);


--
-- Name: ix_consultation_status_submitted; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consultation_status_submitted ON public.consultation USING btree (status, submitted_at);


--
-- Name: ix_consultation_submitted; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_consultation_submitted ON public.consultation USING btree (submitted_at);


--
-- Name: ix_department_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_department_change_seq ON public.department USING btree (change_seq);


--
-- Name: ix_directory_entry_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_directory_entry_change_seq ON public.directory_entry USING btree (change_seq);


--
-- Name: ix_directory_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_directory_order ON public.directory_entry USING btree (sort_order, unit_name);


--
-- Name: ix_directory_unit; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_directory_unit ON public.directory_entry USING btree (unit_name);


--
-- Name: ix_disease_list_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_disease_list_change_seq ON public.disease_list USING btree (change_seq);


--
-- Name: ix_drg_group_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_drg_group_change_seq ON public.drg_group USING btree (change_seq);


--
-- Name: ix_escalation_call_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_escalation_call_change_seq ON public.escalation_call USING btree (change_seq);


--
-- Name: ix_follow_up_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_follow_up_change_seq ON public.follow_up USING btree (change_seq);


--
-- Name: ix_follow_up_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_follow_up_due ON public.follow_up USING btree (status, due_date);


--
-- Name: ix_follow_up_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_follow_up_referral ON public.follow_up USING btree (referral_id);


--
-- Name: ix_outbox_state_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_outbox_state_seq ON public.outbox USING btree (state, seq);


--
-- Name: ix_referral_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_referral_change_seq ON public.referral USING btree (change_seq);


--
-- Name: ix_referral_consultation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_referral_consultation ON public.referral USING btree (consultation_id);


--
-- Name: ix_referral_requested; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_referral_requested ON public.referral USING btree (requested_at);


--
-- Name: ix_referral_status_window; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_referral_status_window ON public.referral USING btree (status, window_start);


--
-- Name: ix_reminder_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reminder_change_seq ON public.reminder USING btree (change_seq);


--
-- Name: ix_reminder_consultation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reminder_consultation ON public.reminder USING btree (consultation_id);


--
-- Name: ix_reminder_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_reminder_due ON public.reminder USING btree (status, origin, next_attempt_at);


--
-- Name: ix_roster_entry_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_roster_entry_change_seq ON public.roster_entry USING btree (change_seq);


--
-- Name: ix_roster_import_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_roster_import_change_seq ON public.roster_import USING btree (change_seq);


--
-- Name: ix_roster_import_month; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_roster_import_month ON public.roster_import USING btree (month, imported_at);


--
-- Name: ix_roster_specialist_day; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_roster_specialist_day ON public.roster_entry USING btree (specialist_id, duty_date);


--
-- Name: ix_specialist_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_specialist_change_seq ON public.specialist USING btree (change_seq);


--
-- Name: ix_specialist_specialty; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_specialist_specialty ON public.specialist USING btree (specialty_id);


--
-- Name: ix_specialty_change_seq; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_specialty_change_seq ON public.specialty USING btree (change_seq);


--
-- Name: ux_disease_list_edition; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_disease_list_edition ON public.disease_list USING btree (edition) WHERE (deleted_at IS NULL);


--
-- Name: ux_roster_day_specialty; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX ux_roster_day_specialty ON public.roster_entry USING btree (duty_date, specialty_id) WHERE (deleted_at IS NULL);


--
-- Name: bed_request bed_request_consultation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bed_request
    ADD CONSTRAINT bed_request_consultation_id_fkey FOREIGN KEY (consultation_id) REFERENCES public.consultation(id);


--
-- Name: bed_request bed_request_referral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.bed_request
    ADD CONSTRAINT bed_request_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES public.referral(id);


--
-- Name: consultation consultation_specialist_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultation
    ADD CONSTRAINT consultation_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id);


--
-- Name: consultation consultation_specialty_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.consultation
    ADD CONSTRAINT consultation_specialty_id_fkey FOREIGN KEY (specialty_id) REFERENCES public.specialty(id);


--
-- Name: escalation_call escalation_call_bed_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation_call
    ADD CONSTRAINT escalation_call_bed_request_id_fkey FOREIGN KEY (bed_request_id) REFERENCES public.bed_request(id);


--
-- Name: escalation_call escalation_call_consultation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.escalation_call
    ADD CONSTRAINT escalation_call_consultation_id_fkey FOREIGN KEY (consultation_id) REFERENCES public.consultation(id);


--
-- Name: follow_up follow_up_referral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.follow_up
    ADD CONSTRAINT follow_up_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES public.referral(id);


--
-- Name: referral referral_consultation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral
    ADD CONSTRAINT referral_consultation_id_fkey FOREIGN KEY (consultation_id) REFERENCES public.consultation(id);


--
-- Name: reminder reminder_consultation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reminder
    ADD CONSTRAINT reminder_consultation_id_fkey FOREIGN KEY (consultation_id) REFERENCES public.consultation(id);


--
-- Name: roster_entry roster_entry_roster_import_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_entry
    ADD CONSTRAINT roster_entry_roster_import_id_fkey FOREIGN KEY (roster_import_id) REFERENCES public.roster_import(id);


--
-- Name: roster_entry roster_entry_specialist_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_entry
    ADD CONSTRAINT roster_entry_specialist_id_fkey FOREIGN KEY (specialist_id) REFERENCES public.specialist(id);


--
-- Name: roster_entry roster_entry_specialty_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.roster_entry
    ADD CONSTRAINT roster_entry_specialty_id_fkey FOREIGN KEY (specialty_id) REFERENCES public.specialty(id);


--
-- Name: specialist specialist_specialty_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.specialist
    ADD CONSTRAINT specialist_specialty_id_fkey FOREIGN KEY (specialty_id) REFERENCES public.specialty(id);


--
-- PostgreSQL database dump complete
--

\unrestrict CGEraoqljRSO4AOscHWL5YUPEph5PwLIMFCMXlOCPNEhPqhhqcPkxHMEecBxLI4


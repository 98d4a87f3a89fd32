PRAGMA application_id = 1380209483;
PRAGMA user_version = 8;
BEGIN TRANSACTION;
CREATE TABLE applied_mutation (
	mutation_id VARCHAR NOT NULL, 
	workstation VARCHAR NOT NULL, 
	command VARCHAR NOT NULL, 
	entity_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	result_json VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (mutation_id)
);
CREATE TABLE audit_entry (
	id VARCHAR(36) NOT NULL, 
	at DATETIME NOT NULL, 
	received_at DATETIME, 
	operator VARCHAR NOT NULL, 
	workstation VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id VARCHAR NOT NULL, 
	summary VARCHAR NOT NULL, 
	detail_json VARCHAR NOT NULL, 
	change_seq INTEGER, 
	PRIMARY KEY (id)
);
INSERT INTO "audit_entry" VALUES('99ceb365-bdb5-5973-9c21-050b3fb00815','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialty','specialty','00000000-0000-7000-8000-000000000001','专业：心血管内科','{"mutation_id": "01a23d28-d7ea-76a7-a7fd-831e91c74db7", "version": 1}',2);
INSERT INTO "audit_entry" VALUES('f6c01542-ca3a-52e3-8746-109cade40af3','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialty','specialty','00000000-0000-7000-8000-000000000002','专业：呼吸与危重症医学科','{"mutation_id": "01a23d28-d7ef-7ee4-9551-422749f6cdfe", "version": 1}',4);
INSERT INTO "audit_entry" VALUES('b7c42634-91d3-544a-bba0-fc6b40e5a1e7','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialty','specialty','00000000-0000-7000-8000-000000000003','专业：神经内科','{"mutation_id": "01a23d28-d7f1-73bd-ada7-eee46d3ad691", "version": 1}',6);
INSERT INTO "audit_entry" VALUES('734e1698-f6a7-50ce-9887-91e9812aa43c','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialty','specialty','00000000-0000-7000-8000-000000000004','专业：骨科','{"mutation_id": "01a23d28-d7f2-7614-be3e-b4992835b9bc", "version": 1}',8);
INSERT INTO "audit_entry" VALUES('b20fdf03-c6eb-5b22-b1a2-8cff59c36e27','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialist','specialist','00000000-0000-7000-8000-000000000011','会诊医师：王建国（主任医师）','{"mutation_id": "01a23d28-d7f5-7d02-ac31-8918136b2243", "version": 1}',10);
INSERT INTO "audit_entry" VALUES('9f5c4fe3-a116-5768-9e38-c7f010f74e06','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialist','specialist','00000000-0000-7000-8000-000000000012','会诊医师：李萍（副主任医师）','{"mutation_id": "01a23d28-d7f6-7af7-b71d-6e382e9e3a0a", "version": 1}',12);
INSERT INTO "audit_entry" VALUES('00c8db08-d720-5639-8cf9-84d4e2d69426','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialist','specialist','00000000-0000-7000-8000-000000000013','会诊医师：赵明（主任医师）','{"mutation_id": "01a23d28-d7f7-7d79-9f05-f845ba8cf712", "version": 1}',14);
INSERT INTO "audit_entry" VALUES('f911b9e2-0d02-5a1a-af7e-9ebed70a8d7a','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_specialist','specialist','00000000-0000-7000-8000-000000000014','会诊医师：孙立（副主任医师）','{"mutation_id": "01a23d28-d7f9-7a87-94af-006ae74e424b", "version": 1}',16);
INSERT INTO "audit_entry" VALUES('f99f70cc-5e58-596a-b5fb-a912a5028d70','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000300','值班：2026-11-22 心血管内科 王建国','{"mutation_id": "01a23d28-d7fc-7642-9665-2b4c0a0fa8dd", "version": 1}',18);
INSERT INTO "audit_entry" VALUES('48e61012-ccf2-5cbf-a852-d626149fd781','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000301','值班：2026-11-23 心血管内科 王建国','{"mutation_id": "01a23d28-d7fd-71f6-8eb7-f2c41e3a8e15", "version": 1}',20);
INSERT INTO "audit_entry" VALUES('eed9668a-09f5-5ba9-a0c8-102c7988a5a7','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000302','值班：2026-11-24 心血管内科 王建国','{"mutation_id": "01a23d28-d7ff-7c60-9c63-e5129f40654a", "version": 1}',22);
INSERT INTO "audit_entry" VALUES('f8f8dcd9-ae1c-5516-bf1e-8e31acb53095','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000303','值班：2026-11-25 心血管内科 王建国','{"mutation_id": "01a23d28-d800-70e2-8603-83f113e747f6", "version": 1}',24);
INSERT INTO "audit_entry" VALUES('b8a03299-82cd-520a-ae1d-386eb997fd4b','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000310','值班：2026-11-22 呼吸与危重症医学科 李萍','{"mutation_id": "01a23d28-d802-7f65-aed0-0e223f5176d8", "version": 1}',26);
INSERT INTO "audit_entry" VALUES('f2e3a779-56b3-5e9a-902f-63f959249df9','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000311','值班：2026-11-23 呼吸与危重症医学科 李萍','{"mutation_id": "01a23d28-d804-7fac-b3b0-452307443155", "version": 1}',28);
INSERT INTO "audit_entry" VALUES('2c5af930-8d66-5edc-8823-8c5fb3ac9bcb','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000312','值班：2026-11-24 呼吸与危重症医学科 李萍','{"mutation_id": "01a23d28-d805-7d99-98db-cc032444d930", "version": 1}',30);
INSERT INTO "audit_entry" VALUES('5250fdea-43f4-5828-b979-bdf0e01f511a','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000313','值班：2026-11-25 呼吸与危重症医学科 李萍','{"mutation_id": "01a23d28-d807-7831-8537-7ee8896826aa", "version": 1}',32);
INSERT INTO "audit_entry" VALUES('8b8c5134-ab51-5edc-b410-45a1fca0c3f0','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000320','值班：2026-11-22 神经内科 赵明','{"mutation_id": "01a23d28-d808-7365-90b0-39a3c226bb60", "version": 1}',34);
INSERT INTO "audit_entry" VALUES('d6812dc6-2e57-5ccf-ab13-73096ceffc0d','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000321','值班：2026-11-23 神经内科 赵明','{"mutation_id": "01a23d28-d80a-785b-9120-284e4fd6e772", "version": 1}',36);
INSERT INTO "audit_entry" VALUES('6aea2fad-cf79-5cb6-8f7e-39e51c22b6f8','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000322','值班：2026-11-24 神经内科 赵明','{"mutation_id": "01a23d28-d80b-748c-9753-e1c9d902ec7e", "version": 1}',38);
INSERT INTO "audit_entry" VALUES('c03e6323-156c-536d-9840-6a0bd69be7ff','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000323','值班：2026-11-25 神经内科 赵明','{"mutation_id": "01a23d28-d80d-753b-a7ec-4ce0e1a1b536", "version": 1}',40);
INSERT INTO "audit_entry" VALUES('457000b2-d346-57ac-bd60-b929c8561167','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','set_duty','roster_entry','00000000-0000-7000-8000-000000000399','值班：2026-11-30 心血管内科 王建国','{"mutation_id": "01a23d28-d80e-788d-8dde-172f1a3a53ea", "version": 1}',42);
INSERT INTO "audit_entry" VALUES('888b5bbb-c068-5e37-974e-d5b66260b8ed','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_department','department','00000000-0000-7000-8000-000000000041','接收科室：心血管内科 转诊专用床位3张 默认入住1天后起2天','{"mutation_id": "01a23d28-d812-7206-b655-2d4b7b835b8c", "version": 1}',44);
INSERT INTO "audit_entry" VALUES('f494ee60-4e7f-5e7e-9a75-3e12f52f8f2b','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_department','department','00000000-0000-7000-8000-000000000042','接收科室：呼吸与危重症医学科 转诊专用床位2张 默认入住1天后起2天','{"mutation_id": "01a23d28-d813-7e13-aa1e-99bf29987f08", "version": 1}',46);
INSERT INTO "audit_entry" VALUES('42c81404-b10b-528b-9515-dcf074f4b611','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_department','department','00000000-0000-7000-8000-000000000043','接收科室：神经内科 转诊专用床位0张 默认入住1天后起2天','{"mutation_id": "01a23d28-d815-7f87-b51f-7e87db9e4d2e", "version": 1}',48);
INSERT INTO "audit_entry" VALUES('d80ba1a0-dcb0-50bb-8575-3d26d6e68f19','2026-11-22 16:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','upsert_department','department','00000000-0000-7000-8000-000000000044','接收科室：骨科 转诊专用床位1张 默认入住1天后起2天','{"mutation_id": "01a23d28-d817-7411-a74b-064cfd402125", "version": 1}',50);
INSERT INTO "audit_entry" VALUES('d71aef06-54c9-51e5-be07-7084d3c3d178','2026-11-23 00:30:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_consultation','consultation','00000000-0000-7000-8000-000000000101','登记会诊申请：阳谷中心医院 张医生 → 心血管内科 王建国','{"mutation_id": "01a23d28-d81d-7bbf-870c-b247cd0f6982", "version": 1}',52);
INSERT INTO "audit_entry" VALUES('6baac015-a455-59bd-96c1-3d6bd2e4a1ff','2026-11-23 01:40:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_consultation','consultation','00000000-0000-7000-8000-000000000102','登记会诊申请：莘县中心医院 刘医生 → 呼吸与危重症医学科 李萍','{"mutation_id": "01a23d28-d821-71ff-a2e7-38217495b168", "version": 1}',54);
INSERT INTO "audit_entry" VALUES('a2e1dcc5-aa62-58b2-9269-dbcafaff1a3c','2026-11-23 02:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_consultation','consultation','00000000-0000-7000-8000-000000000103','登记会诊申请：东昌府区人民医院 陈医生 → 神经内科 赵明','{"mutation_id": "01a23d28-d824-7491-82d5-a83aa4f2b6c6", "version": 1}',56);
INSERT INTO "audit_entry" VALUES('1e08174f-3b32-5e72-87b1-51567dcfb306','2026-11-23 01:30:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_consultation','consultation','00000000-0000-7000-8000-000000000105','登记会诊申请：北京积水潭聊城医院 吴医生 → 心血管内科 王建国','{"mutation_id": "01a23d28-d826-7a26-b676-e1c8c0f99924", "version": 1}',58);
INSERT INTO "audit_entry" VALUES('71b5eec3-1e03-5865-a449-98bc0641bea9','2026-11-23 00:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_consultation','consultation','00000000-0000-7000-8000-000000000104','登记会诊申请：冠县辛集镇中心卫生院 周医生 → 心血管内科 王建国','{"mutation_id": "01a23d28-d828-73ca-901f-1ccb862cac59", "version": 1}',60);
INSERT INTO "audit_entry" VALUES('700b4538-b3ac-5a12-853d-24657f249c56','2026-11-23 00:20:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','approve_consultation','consultation','00000000-0000-7000-8000-000000000104','审核通过','{"mutation_id": "01a23d28-d82a-76f0-95a5-959260310aad", "version": 2}',62);
INSERT INTO "audit_entry" VALUES('0b448eb4-6944-57fb-a72e-d0000895d009','2026-11-23 01:35:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','log_escalation_call','escalation_call','00000000-0000-7000-8000-000000000501','催办电话：王建国 未接听','{"mutation_id": "01a23d28-d82c-7ecd-8a3e-3481c2fe647c", "version": 1}',64);
INSERT INTO "audit_entry" VALUES('f35545b7-cbf4-55c6-bfa7-5047d59b6198','2026-11-23 01:50:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','log_escalation_call','escalation_call','00000000-0000-7000-8000-000000000502','催办电话：王建国 将审核（门诊结束后处理）','{"mutation_id": "01a23d28-d82d-7e98-bea9-c63bc996b960", "version": 1}',66);
INSERT INTO "audit_entry" VALUES('d5c9823f-8f26-541d-8c85-c8ba2bbcde48','2026-11-23 00:10:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_bed_request','bed_request','00000000-0000-7000-8000-000000000201','申请床位：心血管内科','{"mutation_id": "01a23d28-d830-71f0-b871-370ed1dc796b", "version": 1}',68);
INSERT INTO "audit_entry" VALUES('0ce6bb2f-45c6-5d2e-8d14-884097c59dc3','2026-11-23 00:11:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_bed_request','bed_request','00000000-0000-7000-8000-000000000202','申请床位：骨科','{"mutation_id": "01a23d28-d831-7f7b-a0e4-bb3e303f48ff", "version": 1}',70);
INSERT INTO "audit_entry" VALUES('50639fea-0c96-5449-a232-c2dff21756ab','2026-11-23 00:40:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','flag_bed_coordination','bed_request','00000000-0000-7000-8000-000000000202','转为需协调：科室满床','{"mutation_id": "01a23d28-d832-7b67-b42f-8dd46bd36214", "version": 2}',72);
INSERT INTO "audit_entry" VALUES('acb4924a-a814-5f6f-a35f-9056dd8c27dd','2026-11-23 01:10:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','log_escalation_call','escalation_call','00000000-0000-7000-8000-000000000601','催办电话：骨科护士长 已接通（明早出院一床）','{"mutation_id": "01a23d28-d834-7151-8153-670acecc89a6", "version": 1}',74);
INSERT INTO "audit_entry" VALUES('7392b96f-8aea-5265-a43b-14e479074236','2026-11-23 00:12:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_bed_request','bed_request','00000000-0000-7000-8000-000000000203','申请床位：神经内科','{"mutation_id": "01a23d28-d835-7de2-8c05-b371a07af26f", "version": 1}',76);
INSERT INTO "audit_entry" VALUES('0bf060ba-9b78-569a-90ec-4e569386f91f','2026-11-23 00:13:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_bed_request','bed_request','00000000-0000-7000-8000-000000000204','申请床位：呼吸与危重症医学科','{"mutation_id": "01a23d28-d836-7e49-a505-d8e82da72aa5", "version": 1}',78);
INSERT INTO "audit_entry" VALUES('e272952d-74e9-51bc-90e0-3b515054ab3f','2026-11-23 00:50:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','reserve_bed','bed_request','00000000-0000-7000-8000-000000000204','预留床位：呼吸二病区 12床','{"mutation_id": "01a23d28-d837-726a-b5fe-b68224cdd2f3", "version": 2}',80);
INSERT INTO "audit_entry" VALUES('be803dd7-2185-5828-9bea-7d356f4f520b','2026-11-23 00:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_consultation','consultation','00000000-0000-7000-8000-000000000106','登记会诊申请：莘县中心医院 马医生 → 神经内科 赵明','{"mutation_id": "01a23d28-d839-7ea8-a22d-12cfd38a2d92", "version": 1}',82);
INSERT INTO "audit_entry" VALUES('4a0ff7b6-c99f-5bc8-9524-dfb4c13813d6','2026-11-23 00:05:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','approve_consultation','consultation','00000000-0000-7000-8000-000000000106','审核通过','{"mutation_id": "01a23d28-d83b-736d-bad7-b41a26643820", "version": 2}',84);
INSERT INTO "audit_entry" VALUES('98c3e29d-430c-51c6-ac1c-c60e43065666','2026-11-23 00:06:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','schedule_consultation','consultation','00000000-0000-7000-8000-000000000106','约定会诊时间：11-23 08:30-09:00','{"mutation_id": "01a23d28-d83f-7317-8cad-957182710391", "version": 3}',86);
INSERT INTO "audit_entry" VALUES('ade384ff-1603-547c-83f8-90a0e346e834','2026-11-23 01:05:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','complete_consultation','consultation','00000000-0000-7000-8000-000000000106','会诊完成：需上转','{"mutation_id": "01a23d28-d841-7018-b558-2359023ed14d", "version": 4}',88);
INSERT INTO "audit_entry" VALUES('21ccbd30-29ed-5a4e-8898-ae4baf147f96','2026-11-18 15:30:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_referral','referral','00000000-0000-7000-8000-000000000701','申请上转（急诊先入院后补录）：刘建军 冠县辛集镇中心卫生院 → 聊城市人民医院 心血管内科','{"mutation_id": "01a23d28-d847-7f8b-8dc1-3126e0ad456f", "version": 1}',90);
INSERT INTO "audit_entry" VALUES('3e5b7abc-d381-5eb6-8f51-4ba07a5636f1','2026-11-13 07:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','create_referral','referral','00000000-0000-7000-8000-000000000702','申请下转：孙桂芝 聊城市人民医院 → 东昌府区人民医院 消化内科','{"mutation_id": "01a23d28-d84a-7eb1-9b41-2636e4e6abb2", "version": 1}',92);
INSERT INTO "audit_entry" VALUES('c062c73f-9e21-5c50-a99b-067d0bf1b980','2026-11-14 02:00:00.000000','2026-11-23 02:00:00.000000','8号窗口操作员','8号窗口','record_transfer','referral','00000000-0000-7000-8000-000000000702','已转诊（11-14 10:00），随访：11-21、12-14','{"mutation_id": "01a23d28-d84d-7771-a810-4e7e955a6418", "version": 2}',94);
CREATE TABLE bed_request (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	consultation_id VARCHAR, 
	referral_id VARCHAR, 
	department VARCHAR NOT NULL, 
	department_phone VARCHAR, 
	patient_name VARCHAR NOT NULL, 
	patient_id_number VARCHAR, 
	patient_phone VARCHAR, 
	from_unit VARCHAR NOT NULL, 
	window_start DATETIME NOT NULL, 
	window_end DATETIME NOT NULL, 
	requested_at DATETIME NOT NULL, 
	status VARCHAR NOT NULL, 
	status_changed_at DATETIME NOT NULL, 
	ward VARCHAR, 
	bed_no VARCHAR, 
	reserved_at DATETIME, 
	close_reason VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(consultation_id) REFERENCES consultation (id), 
	FOREIGN KEY(referral_id) REFERENCES referral (id)
);
INSERT INTO "bed_request" VALUES('00000000-0000-7000-8000-000000000201',1,'2026-11-23 00:10:00.000000',NULL,67,NULL,NULL,'心血管内科','0635-8273000','欧阳床0','371502197002010007',NULL,'阳谷中心医院','2026-11-23 10:00:00.000000','2026-11-25 10:00:00.000000','2026-11-23 00:10:00.000000','requested','2026-11-23 00:10:00.000000',NULL,NULL,NULL,NULL);
INSERT INTO "bed_request" VALUES('00000000-0000-7000-8000-000000000202',2,'2026-11-23 00:40:00.000000',NULL,71,NULL,NULL,'骨科','0635-8273001','欧阳床1','371502197002010015',NULL,'阳谷中心医院','2026-11-26 01:00:00.000000','2026-11-28 01:00:00.000000','2026-11-23 00:11:00.000000','needs_coordination','2026-11-23 00:40:00.000000',NULL,NULL,NULL,NULL);
INSERT INTO "bed_request" VALUES('00000000-0000-7000-8000-000000000203',1,'2026-11-23 00:12:00.000000',NULL,75,NULL,NULL,'神经内科','0635-8273002','欧阳床2','371502197002010023',NULL,'阳谷中心医院','2026-11-27 01:00:00.000000','2026-11-29 01:00:00.000000','2026-11-23 00:12:00.000000','requested','2026-11-23 00:12:00.000000',NULL,NULL,NULL,NULL);
INSERT INTO "bed_request" VALUES('00000000-0000-7000-8000-000000000204',2,'2026-11-23 00:50:00.000000',NULL,79,NULL,NULL,'呼吸与危重症医学科','0635-8273003','欧阳床3','371502197002010031',NULL,'阳谷中心医院','2026-11-23 06:00:00.000000','2026-11-25 06:00:00.000000','2026-11-23 00:13:00.000000','reserved','2026-11-23 00:50:00.000000','呼吸二病区','12','2026-11-23 00:50:00.000000',NULL);
CREATE TABLE consultation (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	requesting_unit VARCHAR NOT NULL, 
	requesting_doctor VARCHAR NOT NULL, 
	requesting_phone VARCHAR, 
	patient_name VARCHAR NOT NULL, 
	patient_sex VARCHAR, 
	patient_age INTEGER, 
	patient_id_number VARCHAR, 
	patient_phone VARCHAR, 
	diagnosis VARCHAR NOT NULL, 
	specialty_id VARCHAR NOT NULL, 
	specialist_id VARCHAR NOT NULL, 
	appointment_at DATETIME, 
	appointment_end DATETIME, 
	submitted_at DATETIME NOT NULL, 
	status VARCHAR NOT NULL, 
	status_changed_at DATETIME NOT NULL, 
	answered_at DATETIME, 
	decline_reason VARCHAR, 
	slot_start DATETIME, 
	slot_end DATETIME, 
	outcome VARCHAR, 
	outcome_text VARCHAR, 
	close_reason VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(specialty_id) REFERENCES specialty (id), 
	FOREIGN KEY(specialist_id) REFERENCES specialist (id)
);
INSERT INTO "consultation" VALUES('00000000-0000-7000-8000-000000000101',1,'2026-11-23 00:30:00.000000',NULL,51,'阳谷中心医院','张医生','0635-5551234','患者1','男',61,'371502196001010019','13900000000','社区获得性肺炎','00000000-0000-7000-8000-000000000001','00000000-0000-7000-8000-000000000011',NULL,NULL,'2026-11-23 00:30:00.000000','submitted','2026-11-23 00:30:00.000000',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "consultation" VALUES('00000000-0000-7000-8000-000000000102',1,'2026-11-23 01:40:00.000000',NULL,53,'莘县中心医院','刘医生','0635-5551234','患者2','男',62,'371502196001010027','13900000000','社区获得性肺炎','00000000-0000-7000-8000-000000000002','00000000-0000-7000-8000-000000000012','2026-11-23 02:40:00.000000',NULL,'2026-11-23 01:40:00.000000','submitted','2026-11-23 01:40:00.000000',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "consultation" VALUES('00000000-0000-7000-8000-000000000103',1,'2026-11-23 02:00:00.000000',NULL,55,'东昌府区人民医院','陈医生','0635-5551234','患者3','男',63,'371502196001010035','13900000000','社区获得性肺炎','00000000-0000-7000-8000-000000000003','00000000-0000-7000-8000-000000000013','2026-11-23 07:00:00.000000',NULL,'2026-11-23 02:00:00.000000','submitted','2026-11-23 02:00:00.000000',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "consultation" VALUES('00000000-0000-7000-8000-000000000105',1,'2026-11-23 01:30:00.000000',NULL,57,'北京积水潭聊城医院','吴医生','0635-5551234','患者5','男',65,'371502196001010051','13900000000','社区获得性肺炎','00000000-0000-7000-8000-000000000001','00000000-0000-7000-8000-000000000011',NULL,NULL,'2026-11-23 01:30:00.000000','submitted','2026-11-23 01:30:00.000000',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "consultation" VALUES('00000000-0000-7000-8000-000000000104',2,'2026-11-23 00:20:00.000000',NULL,61,'冠县辛集镇中心卫生院','周医生','0635-5551234','患者4','男',64,'371502196001010043','13900000000','社区获得性肺炎','00000000-0000-7000-8000-000000000001','00000000-0000-7000-8000-000000000011',NULL,NULL,'2026-11-23 00:00:00.000000','approved','2026-11-23 00:20:00.000000','2026-11-23 00:20:00.000000',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "consultation" VALUES('00000000-0000-7000-8000-000000000106',4,'2026-11-23 01:05:00.000000',NULL,87,'莘县中心医院','马医生','0635-5551234','高秀兰','女',67,'371522195903010043','13900000006','急性脑梗死','00000000-0000-7000-8000-000000000003','00000000-0000-7000-8000-000000000013',NULL,NULL,'2026-11-23 00:00:00.000000','completed','2026-11-23 01:05:00.000000','2026-11-23 00:05:00.000000',NULL,'2026-11-23 00:30:00.000000','2026-11-23 01:00:00.000000','refer_up',NULL,NULL);
CREATE TABLE department (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	name VARCHAR NOT NULL, 
	phone VARCHAR, 
	reserved_beds INTEGER NOT NULL, 
	total_beds INTEGER, 
	reserve_percent INTEGER, 
	window_offset_days INTEGER NOT NULL, 
	window_days INTEGER NOT NULL, 
	sort_order INTEGER NOT NULL, 
	search_key VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "department" VALUES('00000000-0000-7000-8000-000000000041',1,'2026-11-22 16:00:00.000000',NULL,43,'心血管内科','0635-8273001',3,NULL,NULL,1,2,0,'|心血管内科|xinxueguanneike|xxgnk|');
INSERT INTO "department" VALUES('00000000-0000-7000-8000-000000000042',1,'2026-11-22 16:00:00.000000',NULL,45,'呼吸与危重症医学科','0635-8273002',2,NULL,NULL,1,2,1,'|呼吸与危重症医学科|huxiyuweizhongzhengyixueke|hxywzzyxk|');
INSERT INTO "department" VALUES('00000000-0000-7000-8000-000000000043',1,'2026-11-22 16:00:00.000000',NULL,47,'神经内科','0635-8273003',0,NULL,NULL,1,2,2,'|神经内科|shenjingneike|sjnk|');
INSERT INTO "department" VALUES('00000000-0000-7000-8000-000000000044',1,'2026-11-22 16:00:00.000000',NULL,49,'骨科','0635-8273004',1,NULL,NULL,1,2,3,'|骨科|guke|gk|');
CREATE TABLE directory_entry (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	unit_name VARCHAR NOT NULL, 
	contact VARCHAR NOT NULL, 
	phone VARCHAR, 
	phone_digits VARCHAR NOT NULL, 
	purpose VARCHAR NOT NULL, 
	sort_order INTEGER NOT NULL, 
	search_key VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "directory_entry" VALUES('a453e46c-ade6-50a6-8088-4493d12a707a',1,'2026-12-03 18:26:56.509008',NULL,NULL,'聊城市人民医院','转会诊中心','0635-8273113','06358273113','转诊咨询',0,'|聊城市人民医院|liaochengshirenminyiyuan|lcsrmyy|转会诊中心|zhuanhuizhenzhongxin|zhzzx|转诊咨询|zhuanzhenzixun|zzzx|06358273113|');
INSERT INTO "directory_entry" VALUES('fb7aae2b-526b-53d2-8614-8d498cac9b65',1,'2026-12-03 18:26:56.509008',NULL,NULL,'聊城市人民医院','转会诊中心','0635-8273067','06358273067','投诉',1,'|聊城市人民医院|liaochengshirenminyiyuan|lcsrmyy|转会诊中心|zhuanhuizhenzhongxin|zhzzx|投诉|tousu|ts|06358273067|');
INSERT INTO "directory_entry" VALUES('f5b830a5-b7fe-5361-9f6f-cdbd518566d8',1,'2026-12-03 18:26:56.509008',NULL,NULL,'聊城市人民医院','转会诊中心','13346252918','13346252918','会诊审核/床位协助',2,'|聊城市人民医院|liaochengshirenminyiyuan|lcsrmyy|转会诊中心|zhuanhuizhenzhongxin|zhzzx|会诊审核/床位协助|huizhenshenhe/chuangweixiezhu|hzsh/cwxz|13346252918|');
INSERT INTO "directory_entry" VALUES('6fc62c3b-2296-5e48-84a3-3735762b7dc3',1,'2026-12-03 18:26:56.509008',NULL,NULL,'聊城市人民医院','转会诊中心','13346251660','13346251660','会诊审核/床位协助',3,'|聊城市人民医院|liaochengshirenminyiyuan|lcsrmyy|转会诊中心|zhuanhuizhenzhongxin|zhzzx|会诊审核/床位协助|huizhenshenhe/chuangweixiezhu|hzsh/cwxz|13346251660|');
INSERT INTO "directory_entry" VALUES('183c2344-7584-5564-97bf-b8384242c231',1,'2026-12-03 18:26:56.509008',NULL,NULL,'北京积水潭聊城医院','医务科','16678192457','16678192457','转诊咨询',100,'|北京积水潭聊城医院|beijingjishuitanliaochengyiyuan|bjjstlcyy|医务科|yiwuke|ywk|转诊咨询|zhuanzhenzixun|zzzx|16678192457|');
INSERT INTO "directory_entry" VALUES('1afe59e1-dcb3-541f-a40d-701bc725bc00',1,'2026-12-03 18:26:56.509008',NULL,NULL,'北京积水潭聊城医院','医务科','19906351990','19906351990','转诊咨询',101,'|北京积水潭聊城医院|beijingjishuitanliaochengyiyuan|bjjstlcyy|医务科|yiwuke|ywk|转诊咨询|zhuanzhenzixun|zzzx|19906351990|');
INSERT INTO "directory_entry" VALUES('8f44953a-8e26-5fec-a142-2176552b91bf',1,'2026-12-03 18:26:56.509008',NULL,NULL,'东昌府区人民医院','医务科赵主任','15506451999','15506451999','转诊咨询',200,'|东昌府区人民医院|dongchangfuqurenminyiyuan|dcfqrmyy|医务科赵主任|yiwukezhaozhuren|ywkzzr|转诊咨询|zhuanzhenzixun|zzzx|15506451999|');
INSERT INTO "directory_entry" VALUES('57a5c30c-9141-5338-8c7c-465c9f5bb845',1,'2026-12-03 18:26:56.509008',NULL,NULL,'聊城市康复医院（聊城市人民医院分院）','赵主任','0635-8415919','06358415919','转诊咨询',300,'|聊城市康复医院(聊城市人民医院分院)|liaochengshikangfuyiyuan(liaochengshirenminyiyuanfenyuan)|lcskfyy(lcsrmyyfy)|赵主任|zhaozhuren|zzr|转诊咨询|zhuanzhenzixun|zzzx|06358415919|');
INSERT INTO "directory_entry" VALUES('d7f369cf-bfe1-5833-bf85-4d2d703a5a04',1,'2026-12-03 18:26:56.509008',NULL,NULL,'阳谷中心医院','医务科岳主任','18363535132','18363535132','转诊咨询',400,'|阳谷中心医院|yangguzhongxinyiyuan|ygzxyy|医务科岳主任|yiwukeyuezhuren|ywkyzr|转诊咨询|zhuanzhenzixun|zzzx|18363535132|');
INSERT INTO "directory_entry" VALUES('80324b04-3751-5615-9aa1-6913e2c57f91',1,'2026-12-03 18:26:56.509008',NULL,NULL,'莘县中心医院','医务科杨主任','18596358368','18596358368','转诊咨询',500,'|莘县中心医院|shenxianzhongxinyiyuan|sxzxyy|医务科杨主任|yiwukeyangzhuren|ywkyzr|转诊咨询|zhuanzhenzixun|zzzx|18596358368|');
INSERT INTO "directory_entry" VALUES('4779b99c-ddf3-5f4e-9e87-abee81bcde2a',1,'2026-12-03 18:26:56.509008',NULL,NULL,'莘县中心医院','转会诊中心孟主任','18596358059','18596358059','转诊咨询',501,'|莘县中心医院|shenxianzhongxinyiyuan|sxzxyy|转会诊中心孟主任|zhuanhuizhenzhongxinmengzhuren|zhzzxmzr|转诊咨询|zhuanzhenzixun|zzzx|18596358059|');
INSERT INTO "directory_entry" VALUES('eea73958-c20d-5ca4-bb57-824efa61f3e6',1,'2026-12-03 18:26:56.509008',NULL,NULL,'冠县辛集镇中心卫生院','医务科郭主任','13863585627','13863585627','转诊咨询',600,'|冠县辛集镇中心卫生院|guanxianxinjizhenzhongxinweishengyuan|gxxjzzxwsy|医务科郭主任|yiwukeguozhuren|ywkgzr|转诊咨询|zhuanzhenzixun|zzzx|13863585627|');
INSERT INTO "directory_entry" VALUES('91d92c01-138a-52ab-80c4-9864b1d4130d',1,'2026-12-03 18:26:56.509008',NULL,NULL,'高唐县清平镇卫生院','',NULL,'','转诊咨询',700,'|高唐县清平镇卫生院|gaotangxianqingpingzhenweishengyuan|gtxqpzwsy|转诊咨询|zhuanzhenzixun|zzzx||');
CREATE TABLE disease_list (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	edition INTEGER NOT NULL, 
	content_json VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	published_at DATETIME NOT NULL, 
	operator VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "disease_list" VALUES('077ceabc-c3be-5b3f-a67a-a97b1f0ce9bf',1,'2026-12-03 18:26:56.509008',NULL,NULL,1,'{"edition": 1, "note": "首版：000 三(2) 的 8 个病种（CMI 小于 0.5），同义写法与各组的排除条件按病组名称整理；不宜转诊情形按 001 附件 三", "groups": [{"code": 1, "name": "溃疡性肠炎，非重度", "diagnoses": ["溃疡性结肠炎", "溃疡性直肠炎", "慢性溃疡性全结肠炎"], "synonyms": {"UC": "溃疡性结肠炎", "溃结": "溃疡性结肠炎", "溃疡性肠炎": "溃疡性结肠炎", "溃疡性全结肠炎": "慢性溃疡性全结肠炎", "溃疡性直乙状结肠炎": "溃疡性直肠炎"}, "limits": ["not_severe", "no_severe_complication"], "complications": ["中毒性巨结肠", "肠穿孔", "消化道大出血", "癌变", "肠梗阻"], "severe_terms": ["暴发型", "爆发型"]}, {"code": 2, "name": "非手术慢性胆道疾患，不伴有合并症与并发症", "diagnoses": ["胆囊结石伴胆囊炎", "胆总管结石伴胆管炎", "胆管炎", "胆道感染"], "synonyms": {"胆囊结石伴慢性胆囊炎": "胆囊结石伴胆囊炎", "胆囊结石并胆囊炎": "胆囊结石伴胆囊炎", "胆囊炎伴胆囊结石": "胆囊结石伴胆囊炎", "慢性胆囊炎伴胆囊结石": "胆囊结石伴胆囊炎", "胆结石伴胆囊炎": "胆囊结石伴胆囊炎", "胆石症伴胆囊炎": "胆囊结石伴胆囊炎", "结石性胆囊炎": "胆囊结石伴胆囊炎", "胆总管结石并胆管炎": "胆总管结石伴胆管炎", "胆管结石伴胆管炎": "胆总管结石伴胆管炎", "胆系感染": "胆道感染", "胆道系统感染": "胆道感染"}, "limits": ["non_surgical", "no_complication"], "complications": ["胆源性胰腺炎", "急性胰腺炎", "梗阻性黄疸", "急性梗阻性化脓性胆管炎", "化脓性胆管炎", "胆囊穿孔", "坏疽性胆囊炎", "胆囊积脓", "肝脓肿", "脓毒症", "感染性休克"], "severe_terms": ["重症胆管炎"]}, {"code": 3, "name": "基础病组支气管炎及哮喘", "diagnoses": ["急性支气管炎", "支气管哮喘", "过敏性鼻炎伴哮喘", "支气管周围炎", "轻度支气管哮喘急性发作", "咳嗽变异性哮喘"], "synonyms": {"哮喘": "支气管哮喘", "CVA": "咳嗽变异性哮喘", "变异性哮喘": "咳嗽变异性哮喘", "过敏性鼻炎-哮喘综合征": "过敏性鼻炎伴哮喘", "过敏性鼻炎合并哮喘": "过敏性鼻炎伴哮喘", "急性气管支气管炎": "急性支气管炎", "急性气管-支气管炎": "急性支气管炎"}, "limits": ["mild_attack"], "complications": ["气胸", "纵隔气肿", "肺不张"], "severe_terms": ["哮喘持续状态", "危重哮喘", "重症哮喘", "危及生命"]}, {"code": 4, "name": "中耳炎或上呼吸道感染不伴有并发症和伴随症", "diagnoses": ["急性上呼吸道感染", "急性化脓性扁桃体炎", "上呼吸道感染", "急性扁桃体炎", "疱疹性咽峡炎", "扁桃体周围炎", "鼻窦炎", "中耳炎"], "synonyms": {"上感": "上呼吸道感染", "URTI": "上呼吸道感染", "URI": "上呼吸道感染", "化脓性扁桃体炎": "急性化脓性扁桃体炎", "扁桃体炎": "急性扁桃体炎", "鼻-鼻窦炎": "鼻窦炎"}, "limits": ["non_surgical", "no_complication"], "complications": ["扁桃体周围脓肿", "咽旁脓肿", "咽后脓肿", "肺炎", "心肌炎", "肾小球肾炎", "风湿热", "脓毒症", "败血症", "乳突炎", "脑膜炎", "颅内感染", "面神经麻痹", "眶周蜂窝织炎", "眶内感染"], "severe_terms": []}, {"code": 5, "name": "慢性胃炎", "diagnoses": ["慢性浅表性胃炎", "胃炎", "慢性胃炎", "萎缩性胃炎", "反流性胃炎"], "synonyms": {"浅表性胃炎": "慢性浅表性胃炎", "慢性非萎缩性胃炎": "慢性胃炎", "非萎缩性胃炎": "慢性胃炎", "胆汁反流性胃炎": "反流性胃炎"}, "limits": [], "complications": [], "severe_terms": []}, {"code": 6, "name": "癫痫或惊厥不伴有极重度或严重的并发症和伴随症", "diagnoses": ["癫痫", "癫痫持续状态", "良性惊厥", "癫痫样发作"], "synonyms": {"癫痫发作": "癫痫", "继发性癫痫": "癫痫", "症状性癫痫": "癫痫", "单纯性热性惊厥": "良性惊厥", "良性婴儿惊厥": "良性惊厥", "良性家族性新生儿惊厥": "良性惊厥"}, "limits": ["no_severe_complication"], "complications": ["吸入性肺炎", "脑水肿", "横纹肌溶解", "颅脑损伤", "颅内出血"], "severe_terms": []}, {"code": 7, "name": "其他消化系统疾病，不伴有并发症和伴随症", "diagnoses": ["急性阑尾炎", "胃肠功能紊乱", "直肠粘膜脱垂内科治疗"], "synonyms": {"急性单纯性阑尾炎": "急性阑尾炎", "阑尾炎": "急性阑尾炎", "功能性胃肠病": "胃肠功能紊乱", "胃肠神经官能症": "胃肠功能紊乱", "肠易激综合征": "胃肠功能紊乱", "IBS": "胃肠功能紊乱", "直肠粘膜脱垂": "直肠粘膜脱垂内科治疗", "直肠黏膜脱垂": "直肠粘膜脱垂内科治疗"}, "limits": ["no_complication"], "non_surgical_diagnoses": ["直肠粘膜脱垂内科治疗"], "complications": ["阑尾穿孔", "穿孔", "阑尾周围脓肿", "腹膜炎", "坏疽", "肠梗阻"], "severe_terms": []}, {"code": 8, "name": "基础病组类风湿性关节炎不伴有极重度或严重的并发症和伴随症", "diagnoses": ["血清反应阳性类风湿性关节炎", "类风湿性关节炎", "幼年型类风湿性关节炎"], "synonyms": {"类风湿关节炎": "类风湿性关节炎", "RA": "类风湿性关节炎", "类风关": "类风湿性关节炎", "血清阳性类风湿关节炎": "血清反应阳性类风湿性关节炎", "血清反应阳性类风湿关节炎": "血清反应阳性类风湿性关节炎", "幼年型类风湿关节炎": "幼年型类风湿性关节炎", "幼年特发性关节炎": "幼年型类风湿性关节炎", "JIA": "幼年型类风湿性关节炎"}, "limits": ["no_severe_complication"], "complications": ["间质性肺病", "肺间质纤维化", "间质性肺炎", "类风湿血管炎", "血管炎", "心包炎", "淀粉样变", "寰枢椎半脱位", "费尔蒂综合征"], "severe_terms": []}], "stable": ["恢复期", "稳定期", "病情稳定", "康复期", "康复治疗", "长期康复", "门诊随访", "定期复诊", "长期管理", "老年护理", "维持治疗"], "palliative": ["姑息治疗", "保守治疗", "支持治疗", "对症支持", "安宁疗护", "临终关怀"], "malignant": ["恶性肿瘤", "癌", "肉瘤", "淋巴瘤", "白血病", "骨髓瘤", "恶性黑色素瘤", "胶质母细胞瘤"], "critical": ["生命体征不稳定", "生命体征不平稳", "休克", "呼吸衰竭", "昏迷", "多器官功能衰竭", "多脏器功能衰竭", "病危", "病情危重", "大出血", "心脏骤停", "急性心力衰竭", "急性心肌梗死", "脑疝"], "specialised": ["活动性肺结核", "肺结核", "结核病", "结核性胸膜炎", "结核性脑膜炎", "艾滋病", "HIV感染", "霍乱", "鼠疫", "传染性非典型肺炎", "开放性结核", "精神分裂症", "严重精神障碍", "重性精神疾病", "狂犬病", "炭疽", "新型冠状病毒感染"], "ignore": ["癌前", "癌胚抗原", "抗癌", "陈旧性肺结核", "陈旧性结核", "结核菌素", "结核抗体阴性"]}','首版：000 三(2) 的 8 个病种（CMI 小于 0.5），同义写法与各组的排除条件按病组名称整理；不宜转诊情形按 001 附件 三','2026-12-03 18:26:56.509008','');
CREATE TABLE drg_group (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	code INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	diagnoses_json VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (code)
);
INSERT INTO "drg_group" VALUES('12fb0b51-36d8-5ec8-8ab5-630e5eedaeeb',1,'2026-12-03 18:26:56.509008',NULL,NULL,1,'溃疡性肠炎，非重度','["溃疡性结肠炎", "溃疡性直肠炎", "慢性溃疡性全结肠炎"]');
INSERT INTO "drg_group" VALUES('39120aae-d877-510c-b821-6ccde7a955db',1,'2026-12-03 18:26:56.509008',NULL,NULL,2,'非手术慢性胆道疾患，不伴有合并症与并发症','["胆囊结石伴胆囊炎", "胆总管结石伴胆管炎", "胆管炎", "胆道感染"]');
INSERT INTO "drg_group" VALUES('08ba5208-7c0d-59d4-9b70-cc03ea7ad1d4',1,'2026-12-03 18:26:56.509008',NULL,NULL,3,'基础病组支气管炎及哮喘','["急性支气管炎", "支气管哮喘", "过敏性鼻炎伴哮喘", "支气管周围炎", "轻度支气管哮喘急性发作", "咳嗽变异性哮喘"]');
INSERT INTO "drg_group" VALUES('1bb5d48f-02fa-57e0-ad02-d2c58a0f117c',1,'2026-12-03 18:26:56.509008',NULL,NULL,4,'中耳炎或上呼吸道感染不伴有并发症和伴随症','["急性上呼吸道感染", "急性化脓性扁桃体炎", "上呼吸道感染", "急性扁桃体炎", "疱疹性咽峡炎", "扁桃体周围炎", "鼻窦炎", "中耳炎"]');
INSERT INTO "drg_group" VALUES('16e22b60-3654-5b84-a1c8-ba1844637123',1,'2026-12-03 18:26:56.509008',NULL,NULL,5,'慢性胃炎','["慢性浅表性胃炎", "胃炎", "慢性胃炎", "萎缩性胃炎", "反流性胃炎"]');
INSERT INTO "drg_group" VALUES('fe6b8695-6e49-5ef1-91b3-70b25a46e16e',1,'2026-12-03 18:26:56.509008',NULL,NULL,6,'癫痫或惊厥不伴有极重度或严重的并发症和伴随症','["癫痫", "癫痫持续状态", "良性惊厥", "癫痫样发作"]');
INSERT INTO "drg_group" VALUES('d51fc3a6-b042-55ec-bac0-f8b63f8b3a47',1,'2026-12-03 18:26:56.509008',NULL,NULL,7,'其他消化系统疾病，不伴有并发症和伴随症','["急性阑尾炎", "胃肠功能紊乱", "直肠粘膜脱垂内科治疗"]');
INSERT INTO "drg_group" VALUES('a4beb1d6-32ef-5361-b3b9-179c0192bb53',1,'2026-12-03 18:26:56.509008',NULL,NULL,8,'基础病组类风湿性关节炎不伴有极重度或严重的并发症和伴随症','["血清反应阳性类风湿性关节炎", "类风湿性关节炎", "幼年型类风湿性关节炎"]');
CREATE TABLE escalation_call (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	consultation_id VARCHAR, 
	bed_request_id VARCHAR, 
	called_at DATETIME NOT NULL, 
	callee VARCHAR NOT NULL, 
	callee_phone VARCHAR, 
	result VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	operator VARCHAR NOT NULL, 
	workstation VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(consultation_id) REFERENCES consultation (id), 
	FOREIGN KEY(bed_request_id) REFERENCES bed_request (id)
);
INSERT INTO "escalation_call" VALUES('00000000-0000-7000-8000-000000000501',1,'2026-11-23 01:35:00.000000',NULL,63,'00000000-0000-7000-8000-000000000101',NULL,'2026-11-23 01:35:00.000000','王建国','13346250001','no_answer','','8号窗口操作员','8号窗口');
INSERT INTO "escalation_call" VALUES('00000000-0000-7000-8000-000000000502',1,'2026-11-23 01:50:00.000000',NULL,65,'00000000-0000-7000-8000-000000000101',NULL,'2026-11-23 01:50:00.000000','王建国','13346250001','will_approve','门诊结束后处理','8号窗口操作员','8号窗口');
INSERT INTO "escalation_call" VALUES('00000000-0000-7000-8000-000000000601',1,'2026-11-23 01:10:00.000000',NULL,73,NULL,'00000000-0000-7000-8000-000000000202','2026-11-23 01:10:00.000000','骨科护士长',NULL,'reached','明早出院一床','8号窗口操作员','8号窗口');
CREATE TABLE follow_up (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	referral_id VARCHAR NOT NULL, 
	due_date DATE NOT NULL, 
	status VARCHAR NOT NULL, 
	attempts INTEGER NOT NULL, 
	result VARCHAR, 
	note VARCHAR NOT NULL, 
	done_at DATETIME, 
	last_call_at DATETIME, 
	operator VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(referral_id) REFERENCES referral (id)
);
INSERT INTO "follow_up" VALUES('39643ddd-c6e1-5c1d-81db-d9b8fb7c660e',1,'2026-11-18 15:30:00.000000',NULL,89,'00000000-0000-7000-8000-000000000701','2026-11-23','due',0,NULL,'',NULL,NULL,'');
INSERT INTO "follow_up" VALUES('5eed6cbc-1f1a-5453-90b3-eb1fad1cd2f0',1,'2026-11-14 02:00:00.000000',NULL,93,'00000000-0000-7000-8000-000000000702','2026-11-21','due',0,NULL,'',NULL,NULL,'');
INSERT INTO "follow_up" VALUES('2b4d5841-739f-5e5e-bc1e-ca0c992a440b',1,'2026-11-14 02:00:00.000000',NULL,93,'00000000-0000-7000-8000-000000000702','2026-12-14','due',0,NULL,'',NULL,NULL,'');
CREATE TABLE outbox (
	seq INTEGER NOT NULL, 
	mutation_id VARCHAR NOT NULL, 
	command VARCHAR NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id VARCHAR NOT NULL, 
	base_version INTEGER NOT NULL, 
	payload_json VARCHAR NOT NULL, 
	operator VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	state VARCHAR NOT NULL, 
	attempts INTEGER NOT NULL, 
	last_error VARCHAR, 
	PRIMARY KEY (seq), 
	UNIQUE (mutation_id)
);
INSERT INTO "outbox" VALUES(1,'01a23d28-d7ea-76a7-a7fd-831e91c74db7','upsert_specialty','specialty','00000000-0000-7000-8000-000000000001',0,'{"name":"upsert_specialty","specialty_id":"00000000-0000-7000-8000-000000000001","specialty_name":"心血管内科","sort_order":0}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(2,'01a23d28-d7ef-7ee4-9551-422749f6cdfe','upsert_specialty','specialty','00000000-0000-7000-8000-000000000002',0,'{"name":"upsert_specialty","specialty_id":"00000000-0000-7000-8000-000000000002","specialty_name":"呼吸与危重症医学科","sort_order":1}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(3,'01a23d28-d7f1-73bd-ada7-eee46d3ad691','upsert_specialty','specialty','00000000-0000-7000-8000-000000000003',0,'{"name":"upsert_specialty","specialty_id":"00000000-0000-7000-8000-000000000003","specialty_name":"神经内科","sort_order":2}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(4,'01a23d28-d7f2-7614-be3e-b4992835b9bc','upsert_specialty','specialty','00000000-0000-7000-8000-000000000004',0,'{"name":"upsert_specialty","specialty_id":"00000000-0000-7000-8000-000000000004","specialty_name":"骨科","sort_order":3}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(5,'01a23d28-d7f5-7d02-ac31-8918136b2243','upsert_specialist','specialist','00000000-0000-7000-8000-000000000011',0,'{"name":"upsert_specialist","specialist_id":"00000000-0000-7000-8000-000000000011","specialist_name":"王建国","title":"主任医师","phone":"13346250001","specialty_id":"00000000-0000-7000-8000-000000000001"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(6,'01a23d28-d7f6-7af7-b71d-6e382e9e3a0a','upsert_specialist','specialist','00000000-0000-7000-8000-000000000012',0,'{"name":"upsert_specialist","specialist_id":"00000000-0000-7000-8000-000000000012","specialist_name":"李萍","title":"副主任医师","phone":"13346250002","specialty_id":"00000000-0000-7000-8000-000000000002"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(7,'01a23d28-d7f7-7d79-9f05-f845ba8cf712','upsert_specialist','specialist','00000000-0000-7000-8000-000000000013',0,'{"name":"upsert_specialist","specialist_id":"00000000-0000-7000-8000-000000000013","specialist_name":"赵明","title":"主任医师","phone":"13346250003","specialty_id":"00000000-0000-7000-8000-000000000003"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(8,'01a23d28-d7f9-7a87-94af-006ae74e424b','upsert_specialist','specialist','00000000-0000-7000-8000-000000000014',0,'{"name":"upsert_specialist","specialist_id":"00000000-0000-7000-8000-000000000014","specialist_name":"孙立","title":"副主任医师","phone":"13346250004","specialty_id":"00000000-0000-7000-8000-000000000001"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(9,'01a23d28-d7fc-7642-9665-2b4c0a0fa8dd','set_duty','roster_entry','00000000-0000-7000-8000-000000000300',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000300","specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-22","specialist_id":"00000000-0000-7000-8000-000000000011"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(10,'01a23d28-d7fd-71f6-8eb7-f2c41e3a8e15','set_duty','roster_entry','00000000-0000-7000-8000-000000000301',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000301","specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-23","specialist_id":"00000000-0000-7000-8000-000000000011"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(11,'01a23d28-d7ff-7c60-9c63-e5129f40654a','set_duty','roster_entry','00000000-0000-7000-8000-000000000302',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000302","specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-24","specialist_id":"00000000-0000-7000-8000-000000000011"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(12,'01a23d28-d800-70e2-8603-83f113e747f6','set_duty','roster_entry','00000000-0000-7000-8000-000000000303',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000303","specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-25","specialist_id":"00000000-0000-7000-8000-000000000011"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(13,'01a23d28-d802-7f65-aed0-0e223f5176d8','set_duty','roster_entry','00000000-0000-7000-8000-000000000310',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000310","specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-22","specialist_id":"00000000-0000-7000-8000-000000000012"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(14,'01a23d28-d804-7fac-b3b0-452307443155','set_duty','roster_entry','00000000-0000-7000-8000-000000000311',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000311","specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-23","specialist_id":"00000000-0000-7000-8000-000000000012"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(15,'01a23d28-d805-7d99-98db-cc032444d930','set_duty','roster_entry','00000000-0000-7000-8000-000000000312',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000312","specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-24","specialist_id":"00000000-0000-7000-8000-000000000012"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(16,'01a23d28-d807-7831-8537-7ee8896826aa','set_duty','roster_entry','00000000-0000-7000-8000-000000000313',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000313","specialty_id":"00000000-0000-7000-8000-000000000002","duty_date":"2026-11-25","specialist_id":"00000000-0000-7000-8000-000000000012"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(17,'01a23d28-d808-7365-90b0-39a3c226bb60','set_duty','roster_entry','00000000-0000-7000-8000-000000000320',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000320","specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-22","specialist_id":"00000000-0000-7000-8000-000000000013"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(18,'01a23d28-d80a-785b-9120-284e4fd6e772','set_duty','roster_entry','00000000-0000-7000-8000-000000000321',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000321","specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-23","specialist_id":"00000000-0000-7000-8000-000000000013"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(19,'01a23d28-d80b-748c-9753-e1c9d902ec7e','set_duty','roster_entry','00000000-0000-7000-8000-000000000322',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000322","specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-24","specialist_id":"00000000-0000-7000-8000-000000000013"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(20,'01a23d28-d80d-753b-a7ec-4ce0e1a1b536','set_duty','roster_entry','00000000-0000-7000-8000-000000000323',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000323","specialty_id":"00000000-0000-7000-8000-000000000003","duty_date":"2026-11-25","specialist_id":"00000000-0000-7000-8000-000000000013"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(21,'01a23d28-d80e-788d-8dde-172f1a3a53ea','set_duty','roster_entry','00000000-0000-7000-8000-000000000399',0,'{"name":"set_duty","roster_entry_id":"00000000-0000-7000-8000-000000000399","specialty_id":"00000000-0000-7000-8000-000000000001","duty_date":"2026-11-30","specialist_id":"00000000-0000-7000-8000-000000000011"}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(22,'01a23d28-d812-7206-b655-2d4b7b835b8c','upsert_department','department','00000000-0000-7000-8000-000000000041',0,'{"name":"upsert_department","department_id":"00000000-0000-7000-8000-000000000041","department_name":"心血管内科","phone":"0635-8273001","reserved_beds":3,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":0}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(23,'01a23d28-d813-7e13-aa1e-99bf29987f08','upsert_department','department','00000000-0000-7000-8000-000000000042',0,'{"name":"upsert_department","department_id":"00000000-0000-7000-8000-000000000042","department_name":"呼吸与危重症医学科","phone":"0635-8273002","reserved_beds":2,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":1}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(24,'01a23d28-d815-7f87-b51f-7e87db9e4d2e','upsert_department','department','00000000-0000-7000-8000-000000000043',0,'{"name":"upsert_department","department_id":"00000000-0000-7000-8000-000000000043","department_name":"神经内科","phone":"0635-8273003","reserved_beds":0,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":2}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(25,'01a23d28-d817-7411-a74b-064cfd402125','upsert_department','department','00000000-0000-7000-8000-000000000044',0,'{"name":"upsert_department","department_id":"00000000-0000-7000-8000-000000000044","department_name":"骨科","phone":"0635-8273004","reserved_beds":1,"total_beds":null,"reserve_percent":null,"window_offset_days":1,"window_days":2,"sort_order":3}','8号窗口操作员','2026-11-22 16:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(26,'01a23d28-d81d-7bbf-870c-b247cd0f6982','create_consultation','consultation','00000000-0000-7000-8000-000000000101',0,'{"name":"create_consultation","consultation_id":"00000000-0000-7000-8000-000000000101","requesting_unit":"阳谷中心医院","requesting_doctor":"张医生","requesting_phone":"0635-5551234","patient_name":"患者1","patient_sex":"男","patient_age":61,"patient_id_number":"371502196001010019","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T08:30:00+08:00"}','8号窗口操作员','2026-11-23 00:30:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(27,'01a23d28-d821-71ff-a2e7-38217495b168','create_consultation','consultation','00000000-0000-7000-8000-000000000102',0,'{"name":"create_consultation","consultation_id":"00000000-0000-7000-8000-000000000102","requesting_unit":"莘县中心医院","requesting_doctor":"刘医生","requesting_phone":"0635-5551234","patient_name":"患者2","patient_sex":"男","patient_age":62,"patient_id_number":"371502196001010027","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000002","specialist_id":"00000000-0000-7000-8000-000000000012","appointment_at":"2026-11-23T10:40:00+08:00","appointment_end":null,"submitted_at":"2026-11-23T09:40:00+08:00"}','8号窗口操作员','2026-11-23 01:40:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(28,'01a23d28-d824-7491-82d5-a83aa4f2b6c6','create_consultation','consultation','00000000-0000-7000-8000-000000000103',0,'{"name":"create_consultation","consultation_id":"00000000-0000-7000-8000-000000000103","requesting_unit":"东昌府区人民医院","requesting_doctor":"陈医生","requesting_phone":"0635-5551234","patient_name":"患者3","patient_sex":"男","patient_age":63,"patient_id_number":"371502196001010035","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":"2026-11-23T15:00:00+08:00","appointment_end":null,"submitted_at":"2026-11-23T10:00:00+08:00"}','8号窗口操作员','2026-11-23 02:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(29,'01a23d28-d826-7a26-b676-e1c8c0f99924','create_consultation','consultation','00000000-0000-7000-8000-000000000105',0,'{"name":"create_consultation","consultation_id":"00000000-0000-7000-8000-000000000105","requesting_unit":"北京积水潭聊城医院","requesting_doctor":"吴医生","requesting_phone":"0635-5551234","patient_name":"患者5","patient_sex":"男","patient_age":65,"patient_id_number":"371502196001010051","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T09:30:00+08:00"}','8号窗口操作员','2026-11-23 01:30:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(30,'01a23d28-d828-73ca-901f-1ccb862cac59','create_consultation','consultation','00000000-0000-7000-8000-000000000104',0,'{"name":"create_consultation","consultation_id":"00000000-0000-7000-8000-000000000104","requesting_unit":"冠县辛集镇中心卫生院","requesting_doctor":"周医生","requesting_phone":"0635-5551234","patient_name":"患者4","patient_sex":"男","patient_age":64,"patient_id_number":"371502196001010043","patient_phone":"13900000000","diagnosis":"社区获得性肺炎","specialty_id":"00000000-0000-7000-8000-000000000001","specialist_id":"00000000-0000-7000-8000-000000000011","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T08:00:00+08:00"}','8号窗口操作员','2026-11-23 00:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(31,'01a23d28-d82a-76f0-95a5-959260310aad','approve_consultation','consultation','00000000-0000-7000-8000-000000000104',1,'{"consultation_id":"00000000-0000-7000-8000-000000000104","name":"approve_consultation","on_behalf":""}','8号窗口操作员','2026-11-23 00:20:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(32,'01a23d28-d82c-7ecd-8a3e-3481c2fe647c','log_escalation_call','escalation_call','00000000-0000-7000-8000-000000000501',0,'{"name":"log_escalation_call","escalation_call_id":"00000000-0000-7000-8000-000000000501","consultation_id":"00000000-0000-7000-8000-000000000101","bed_request_id":null,"callee":"王建国","callee_phone":"13346250001","result":"no_answer","note":""}','8号窗口操作员','2026-11-23 01:35:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(33,'01a23d28-d82d-7e98-bea9-c63bc996b960','log_escalation_call','escalation_call','00000000-0000-7000-8000-000000000502',0,'{"name":"log_escalation_call","escalation_call_id":"00000000-0000-7000-8000-000000000502","consultation_id":"00000000-0000-7000-8000-000000000101","bed_request_id":null,"callee":"王建国","callee_phone":"13346250001","result":"will_approve","note":"门诊结束后处理"}','8号窗口操作员','2026-11-23 01:50:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(34,'01a23d28-d830-71f0-b871-370ed1dc796b','create_bed_request','bed_request','00000000-0000-7000-8000-000000000201',0,'{"name":"create_bed_request","bed_request_id":"00000000-0000-7000-8000-000000000201","consultation_id":null,"referral_id":null,"department":"心血管内科","department_phone":"0635-8273000","patient_name":"欧阳床0","patient_id_number":"371502197002010007","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-23T18:00:00+08:00","window_end":"2026-11-25T18:00:00+08:00"}','8号窗口操作员','2026-11-23 00:10:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(35,'01a23d28-d831-7f7b-a0e4-bb3e303f48ff','create_bed_request','bed_request','00000000-0000-7000-8000-000000000202',0,'{"name":"create_bed_request","bed_request_id":"00000000-0000-7000-8000-000000000202","consultation_id":null,"referral_id":null,"department":"骨科","department_phone":"0635-8273001","patient_name":"欧阳床1","patient_id_number":"371502197002010015","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-26T09:00:00+08:00","window_end":"2026-11-28T09:00:00+08:00"}','8号窗口操作员','2026-11-23 00:11:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(36,'01a23d28-d832-7b67-b42f-8dd46bd36214','flag_bed_coordination','bed_request','00000000-0000-7000-8000-000000000202',1,'{"bed_request_id":"00000000-0000-7000-8000-000000000202","name":"flag_bed_coordination","note":"科室满床"}','8号窗口操作员','2026-11-23 00:40:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(37,'01a23d28-d834-7151-8153-670acecc89a6','log_escalation_call','escalation_call','00000000-0000-7000-8000-000000000601',0,'{"name":"log_escalation_call","escalation_call_id":"00000000-0000-7000-8000-000000000601","consultation_id":null,"bed_request_id":"00000000-0000-7000-8000-000000000202","callee":"骨科护士长","callee_phone":null,"result":"reached","note":"明早出院一床"}','8号窗口操作员','2026-11-23 01:10:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(38,'01a23d28-d835-7de2-8c05-b371a07af26f','create_bed_request','bed_request','00000000-0000-7000-8000-000000000203',0,'{"name":"create_bed_request","bed_request_id":"00000000-0000-7000-8000-000000000203","consultation_id":null,"referral_id":null,"department":"神经内科","department_phone":"0635-8273002","patient_name":"欧阳床2","patient_id_number":"371502197002010023","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-27T09:00:00+08:00","window_end":"2026-11-29T09:00:00+08:00"}','8号窗口操作员','2026-11-23 00:12:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(39,'01a23d28-d836-7e49-a505-d8e82da72aa5','create_bed_request','bed_request','00000000-0000-7000-8000-000000000204',0,'{"name":"create_bed_request","bed_request_id":"00000000-0000-7000-8000-000000000204","consultation_id":null,"referral_id":null,"department":"呼吸与危重症医学科","department_phone":"0635-8273003","patient_name":"欧阳床3","patient_id_number":"371502197002010031","patient_phone":null,"from_unit":"阳谷中心医院","window_start":"2026-11-23T14:00:00+08:00","window_end":"2026-11-25T14:00:00+08:00"}','8号窗口操作员','2026-11-23 00:13:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(40,'01a23d28-d837-726a-b5fe-b68224cdd2f3','reserve_bed','bed_request','00000000-0000-7000-8000-000000000204',1,'{"bed_request_id":"00000000-0000-7000-8000-000000000204","name":"reserve_bed","ward":"呼吸二病区","bed_no":"12"}','8号窗口操作员','2026-11-23 00:50:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(41,'01a23d28-d839-7ea8-a22d-12cfd38a2d92','create_consultation','consultation','00000000-0000-7000-8000-000000000106',0,'{"name":"create_consultation","consultation_id":"00000000-0000-7000-8000-000000000106","requesting_unit":"莘县中心医院","requesting_doctor":"马医生","requesting_phone":"0635-5551234","patient_name":"高秀兰","patient_sex":"女","patient_age":67,"patient_id_number":"371522195903010043","patient_phone":"13900000006","diagnosis":"急性脑梗死","specialty_id":"00000000-0000-7000-8000-000000000003","specialist_id":"00000000-0000-7000-8000-000000000013","appointment_at":null,"appointment_end":null,"submitted_at":"2026-11-23T08:00:00+08:00"}','8号窗口操作员','2026-11-23 00:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(42,'01a23d28-d83b-736d-bad7-b41a26643820','approve_consultation','consultation','00000000-0000-7000-8000-000000000106',1,'{"consultation_id":"00000000-0000-7000-8000-000000000106","name":"approve_consultation","on_behalf":""}','8号窗口操作员','2026-11-23 00:05:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(43,'01a23d28-d83f-7317-8cad-957182710391','schedule_consultation','consultation','00000000-0000-7000-8000-000000000106',2,'{"consultation_id":"00000000-0000-7000-8000-000000000106","name":"schedule_consultation","slot_start":"2026-11-23T08:30:00+08:00","slot_end":"2026-11-23T09:00:00+08:00"}','8号窗口操作员','2026-11-23 00:06:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(44,'01a23d28-d841-7018-b558-2359023ed14d','complete_consultation','consultation','00000000-0000-7000-8000-000000000106',3,'{"consultation_id":"00000000-0000-7000-8000-000000000106","name":"complete_consultation","outcome":"refer_up","outcome_text":""}','8号窗口操作员','2026-11-23 01:05:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(45,'01a23d28-d847-7f8b-8dc1-3126e0ad456f','create_referral','referral','00000000-0000-7000-8000-000000000701',0,'{"name":"create_referral","referral_id":"00000000-0000-7000-8000-000000000701","direction":"up","consultation_id":null,"emergency":true,"admitted_at":"2026-11-18T22:40:00+08:00","inpatient":true,"patient_name":"刘建军","patient_sex":"男","patient_age":58,"patient_id_number":"371502196805050016","patient_phone":"13900000007","patient_address":"","diagnosis":"急性心肌梗死","from_unit":"冠县辛集镇中心卫生院","to_unit":"聊城市人民医院","department":"心血管内科","criteria":["critical"],"reason":"急性心梗，需急诊介入","reviewed_by":"周主任","consent_by":"家属 刘芳","stable_rehab":false,"downward_basis":"","opinion":"","records_sent":[],"receiver_confirmed_by":"","receiver_confirmed_at":null,"follow_up_plan":"","follow_up_days":[],"window_start":null,"window_end":null}','8号窗口操作员','2026-11-18 15:30:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(46,'01a23d28-d84a-7eb1-9b41-2636e4e6abb2','create_referral','referral','00000000-0000-7000-8000-000000000702',0,'{"name":"create_referral","referral_id":"00000000-0000-7000-8000-000000000702","direction":"down","consultation_id":null,"emergency":false,"admitted_at":null,"inpatient":true,"patient_name":"孙桂芝","patient_sex":"女","patient_age":72,"patient_id_number":"371502195407070025","patient_phone":"13900000008","patient_address":"","diagnosis":"慢性萎缩性胃炎","from_unit":"聊城市人民医院","to_unit":"东昌府区人民医院","department":"消化内科","criteria":[],"reason":"","reviewed_by":"王主任","consent_by":"患者本人","stable_rehab":false,"downward_basis":"","opinion":"","records_sent":[],"receiver_confirmed_by":"东昌府区医务科 李主任","receiver_confirmed_at":null,"follow_up_plan":"奥美拉唑 20mg 每日一次，4周后复查胃镜","follow_up_days":[7,30],"window_start":"2026-11-14T08:00:00+08:00","window_end":"2026-11-14T17:00:00+08:00"}','8号窗口操作员','2026-11-13 07:00:00.000000','done',0,NULL);
INSERT INTO "outbox" VALUES(47,'01a23d28-d84d-7771-a810-4e7e955a6418','record_transfer','referral','00000000-0000-7000-8000-000000000702',1,'{"referral_id":"00000000-0000-7000-8000-000000000702","name":"record_transfer","transferred_at":"2026-11-14T10:00:00+08:00"}','8号窗口操作员','2026-11-14 02:00:00.000000','done',0,NULL);
CREATE TABLE rd_meta (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
INSERT INTO "rd_meta" VALUES('application','referral_desk');
INSERT INTO "rd_meta" VALUES('schema_version','8');
INSERT INTO "rd_meta" VALUES('server_role','operator');
INSERT INTO "rd_meta" VALUES('sync_last_mutation','01a23d28-d84d-7771-a810-4e7e955a6418');
INSERT INTO "rd_meta" VALUES('sync_since','94');
INSERT INTO "rd_meta" VALUES('sync_anchor','94 c062c73f-9e21-5c50-a99b-067d0bf1b980');
INSERT INTO "rd_meta" VALUES('sync_server_id','faa63a2d-0bf2-4211-8876-20c28928f6e7');
CREATE TABLE referral (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	direction VARCHAR NOT NULL, 
	consultation_id VARCHAR, 
	emergency BOOLEAN NOT NULL, 
	inpatient BOOLEAN NOT NULL, 
	patient_name VARCHAR NOT NULL, 
	patient_sex VARCHAR, 
	patient_age INTEGER, 
	patient_id_number VARCHAR, 
	patient_phone VARCHAR, 
	patient_address VARCHAR NOT NULL, 
	diagnosis VARCHAR NOT NULL, 
	from_unit VARCHAR NOT NULL, 
	to_unit VARCHAR NOT NULL, 
	department VARCHAR NOT NULL, 
	criteria_json VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	reviewed_by VARCHAR NOT NULL, 
	consent_by VARCHAR NOT NULL, 
	drg_code INTEGER, 
	eligibility VARCHAR NOT NULL, 
	disease_list_edition INTEGER, 
	downward_basis VARCHAR NOT NULL, 
	opinion VARCHAR NOT NULL, 
	records_sent_json VARCHAR NOT NULL, 
	receiver_confirmed_by VARCHAR NOT NULL, 
	receiver_confirmed_at DATETIME, 
	follow_up_plan VARCHAR NOT NULL, 
	follow_up_days_json VARCHAR NOT NULL, 
	window_start DATETIME NOT NULL, 
	window_end DATETIME NOT NULL, 
	requested_at DATETIME NOT NULL, 
	status VARCHAR NOT NULL, 
	status_changed_at DATETIME NOT NULL, 
	transferred_at DATETIME, 
	close_reason VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(consultation_id) REFERENCES consultation (id)
);
INSERT INTO "referral" VALUES('00000000-0000-7000-8000-000000000701',1,'2026-11-18 15:30:00.000000',NULL,89,'up',NULL,1,1,'刘建军','男',58,'371502196805050016','13900000007','','急性心肌梗死','冠县辛集镇中心卫生院','聊城市人民医院','心血管内科','["critical"]','急性心梗，需急诊介入','周主任','家属 刘芳',NULL,'',NULL,'','','[]','',NULL,'','[]','2026-11-18 14:40:00.000000','2026-11-18 14:40:00.000000','2026-11-18 15:30:00.000000','transferred','2026-11-18 15:30:00.000000','2026-11-18 14:40:00.000000',NULL);
INSERT INTO "referral" VALUES('00000000-0000-7000-8000-000000000702',2,'2026-11-14 02:00:00.000000',NULL,93,'down',NULL,0,1,'孙桂芝','女',72,'371502195407070025','13900000008','','慢性萎缩性胃炎','聊城市人民医院','东昌府区人民医院','消化内科','[]','','王主任','患者本人',5,'符合下转：第5组「慢性胃炎」（萎缩性胃炎）（000 三(2)）',1,'','','[]','东昌府区医务科 李主任','2026-11-13 07:00:00.000000','奥美拉唑 20mg 每日一次，4周后复查胃镜','[7, 30]','2026-11-14 00:00:00.000000','2026-11-14 09:00:00.000000','2026-11-13 07:00:00.000000','transferred','2026-11-14 02:00:00.000000','2026-11-14 02:00:00.000000',NULL);
CREATE TABLE reminder (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	consultation_id VARCHAR NOT NULL, 
	channel VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	lead_minutes INTEGER, 
	mobile VARCHAR NOT NULL, 
	text VARCHAR NOT NULL, 
	origin VARCHAR NOT NULL, 
	queued_at DATETIME NOT NULL, 
	status VARCHAR NOT NULL, 
	attempts INTEGER NOT NULL, 
	next_attempt_at DATETIME, 
	last_error VARCHAR, 
	sent_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(consultation_id) REFERENCES consultation (id)
);
CREATE TABLE roster_entry (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	specialty_id VARCHAR NOT NULL, 
	duty_date DATE NOT NULL, 
	specialist_id VARCHAR NOT NULL, 
	roster_import_id VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(specialty_id) REFERENCES specialty (id), 
	FOREIGN KEY(specialist_id) REFERENCES specialist (id), 
	FOREIGN KEY(roster_import_id) REFERENCES roster_import (id)
);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000300',1,'2026-11-22 16:00:00.000000',NULL,17,'00000000-0000-7000-8000-000000000001','2026-11-22','00000000-0000-7000-8000-000000000011',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000301',1,'2026-11-22 16:00:00.000000',NULL,19,'00000000-0000-7000-8000-000000000001','2026-11-23','00000000-0000-7000-8000-000000000011',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000302',1,'2026-11-22 16:00:00.000000',NULL,21,'00000000-0000-7000-8000-000000000001','2026-11-24','00000000-0000-7000-8000-000000000011',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000303',1,'2026-11-22 16:00:00.000000',NULL,23,'00000000-0000-7000-8000-000000000001','2026-11-25','00000000-0000-7000-8000-000000000011',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000310',1,'2026-11-22 16:00:00.000000',NULL,25,'00000000-0000-7000-8000-000000000002','2026-11-22','00000000-0000-7000-8000-000000000012',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000311',1,'2026-11-22 16:00:00.000000',NULL,27,'00000000-0000-7000-8000-000000000002','2026-11-23','00000000-0000-7000-8000-000000000012',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000312',1,'2026-11-22 16:00:00.000000',NULL,29,'00000000-0000-7000-8000-000000000002','2026-11-24','00000000-0000-7000-8000-000000000012',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000313',1,'2026-11-22 16:00:00.000000',NULL,31,'00000000-0000-7000-8000-000000000002','2026-11-25','00000000-0000-7000-8000-000000000012',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000320',1,'2026-11-22 16:00:00.000000',NULL,33,'00000000-0000-7000-8000-000000000003','2026-11-22','00000000-0000-7000-8000-000000000013',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000321',1,'2026-11-22 16:00:00.000000',NULL,35,'00000000-0000-7000-8000-000000000003','2026-11-23','00000000-0000-7000-8000-000000000013',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000322',1,'2026-11-22 16:00:00.000000',NULL,37,'00000000-0000-7000-8000-000000000003','2026-11-24','00000000-0000-7000-8000-000000000013',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000323',1,'2026-11-22 16:00:00.000000',NULL,39,'00000000-0000-7000-8000-000000000003','2026-11-25','00000000-0000-7000-8000-000000000013',NULL);
INSERT INTO "roster_entry" VALUES('00000000-0000-7000-8000-000000000399',1,'2026-11-22 16:00:00.000000',NULL,41,'00000000-0000-7000-8000-000000000001','2026-11-30','00000000-0000-7000-8000-000000000011',NULL);
CREATE TABLE roster_import (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	month DATE NOT NULL, 
	file_name VARCHAR NOT NULL, 
	layout VARCHAR NOT NULL, 
	imported_at DATETIME NOT NULL, 
	operator VARCHAR NOT NULL, 
	specialties_json VARCHAR NOT NULL, 
	entries INTEGER NOT NULL, 
	replaced INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE specialist (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	name VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	phone VARCHAR NOT NULL, 
	specialty_id VARCHAR NOT NULL, 
	search_key VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(specialty_id) REFERENCES specialty (id)
);
INSERT INTO "specialist" VALUES('00000000-0000-7000-8000-000000000011',1,'2026-11-22 16:00:00.000000',NULL,9,'王建国','主任医师','13346250001','00000000-0000-7000-8000-000000000001','|王建国|wangjianguo|wjg|13346250001|');
INSERT INTO "specialist" VALUES('00000000-0000-7000-8000-000000000012',1,'2026-11-22 16:00:00.000000',NULL,11,'李萍','副主任医师','13346250002','00000000-0000-7000-8000-000000000002','|李萍|liping|lp|13346250002|');
INSERT INTO "specialist" VALUES('00000000-0000-7000-8000-000000000013',1,'2026-11-22 16:00:00.000000',NULL,13,'赵明','主任医师','13346250003','00000000-0000-7000-8000-000000000003','|赵明|zhaoming|zm|13346250003|');
INSERT INTO "specialist" VALUES('00000000-0000-7000-8000-000000000014',1,'2026-11-22 16:00:00.000000',NULL,15,'孙立','副主任医师','13346250004','00000000-0000-7000-8000-000000000001','|孙立|sunli|sl|13346250004|');
CREATE TABLE specialty (
	id VARCHAR(36) NOT NULL, 
	version INTEGER NOT NULL, 
	updated_at DATETIME NOT NULL, 
	deleted_at DATETIME, 
	change_seq INTEGER, 
	name VARCHAR NOT NULL, 
	sort_order INTEGER NOT NULL, 
	search_key VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
INSERT INTO "specialty" VALUES('00000000-0000-7000-8000-000000000001',1,'2026-11-22 16:00:00.000000',NULL,1,'心血管内科',0,'|心血管内科|xinxueguanneike|xxgnk|');
INSERT INTO "specialty" VALUES('00000000-0000-7000-8000-000000000002',1,'2026-11-22 16:00:00.000000',NULL,3,'呼吸与危重症医学科',1,'|呼吸与危重症医学科|huxiyuweizhongzhengyixueke|hxywzzyxk|');
INSERT INTO "specialty" VALUES('00000000-0000-7000-8000-000000000003',1,'2026-11-22 16:00:00.000000',NULL,5,'神经内科',2,'|神经内科|shenjingneike|sjnk|');
INSERT INTO "specialty" VALUES('00000000-0000-7000-8000-000000000004',1,'2026-11-22 16:00:00.000000',NULL,7,'骨科',3,'|骨科|guke|gk|');
CREATE TABLE sync_conflict (
	id VARCHAR(36) NOT NULL, 
	mutation_id VARCHAR NOT NULL, 
	command VARCHAR NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	message VARCHAR NOT NULL, 
	server_row_json VARCHAR, 
	created_at DATETIME NOT NULL, 
	acknowledged_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE TABLE sync_counter (
	name VARCHAR NOT NULL, 
	value INTEGER NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE workstation_token (
	name VARCHAR NOT NULL, 
	token_hash VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	expires_at DATETIME, 
	PRIMARY KEY (name), 
	UNIQUE (token_hash)
);
CREATE INDEX ix_specialty_change_seq ON specialty (change_seq);
CREATE INDEX ix_roster_import_month ON roster_import (month, imported_at);
CREATE INDEX ix_roster_import_change_seq ON roster_import (change_seq);
CREATE INDEX ix_department_change_seq ON department (change_seq);
CREATE INDEX ix_directory_order ON directory_entry (sort_order, unit_name);
CREATE INDEX ix_directory_entry_change_seq ON directory_entry (change_seq);
CREATE INDEX ix_directory_unit ON directory_entry (unit_name);
CREATE INDEX ix_drg_group_change_seq ON drg_group (change_seq);
CREATE INDEX ix_disease_list_change_seq ON disease_list (change_seq);
CREATE UNIQUE INDEX ux_disease_list_edition ON disease_list (edition) WHERE deleted_at IS NULL;
CREATE INDEX ix_audit_entry_change_seq ON audit_entry (change_seq);
CREATE INDEX ix_audit_at ON audit_entry (at);
CREATE INDEX ix_audit_entity ON audit_entry (entity, entity_id, at);
CREATE INDEX ix_outbox_state_seq ON outbox (state, seq);
CREATE INDEX ix_conflict_open ON sync_conflict (acknowledged_at, created_at);
CREATE INDEX ix_specialist_specialty ON specialist (specialty_id);
CREATE INDEX ix_specialist_change_seq ON specialist (change_seq);
CREATE UNIQUE INDEX ux_roster_day_specialty ON roster_entry (duty_date, specialty_id) WHERE deleted_at IS NULL;
CREATE INDEX ix_roster_entry_change_seq ON roster_entry (change_seq);
CREATE INDEX ix_roster_specialist_day ON roster_entry (specialist_id, duty_date);
CREATE INDEX ix_consultation_status_submitted ON consultation (status, submitted_at);
CREATE INDEX ix_consultation_specialist_slot ON consultation (specialist_id, slot_start);
CREATE INDEX ix_consultation_change_seq ON consultation (change_seq);
CREATE INDEX ix_consultation_submitted ON consultation (submitted_at);
CREATE INDEX ix_reminder_consultation ON reminder (consultation_id);
CREATE INDEX ix_reminder_due ON reminder (status, origin, next_attempt_at);
CREATE INDEX ix_reminder_change_seq ON reminder (change_seq);
CREATE INDEX ix_referral_status_window ON referral (status, window_start);
CREATE INDEX ix_referral_change_seq ON referral (change_seq);
CREATE INDEX ix_referral_consultation ON referral (consultation_id);
CREATE INDEX ix_referral_requested ON referral (requested_at);
CREATE INDEX ix_bed_request_change_seq ON bed_request (change_seq);
CREATE INDEX ix_bed_status_window ON bed_request (status, window_start);
CREATE INDEX ix_bed_referral ON bed_request (referral_id);
CREATE INDEX ix_bed_consultation ON bed_request (consultation_id);
CREATE INDEX ix_bed_status_window_end ON bed_request (status, window_end);
CREATE INDEX ix_follow_up_change_seq ON follow_up (change_seq);
CREATE INDEX ix_follow_up_referral ON follow_up (referral_id);
CREATE INDEX ix_follow_up_due ON follow_up (status, due_date);
CREATE INDEX ix_escalation_call_change_seq ON escalation_call (change_seq);
CREATE INDEX ix_call_bed ON escalation_call (bed_request_id, called_at);
CREATE INDEX ix_call_consultation ON escalation_call (consultation_id, called_at);
COMMIT;

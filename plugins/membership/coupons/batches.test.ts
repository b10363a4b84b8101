/** Pushing a template to a segment: one coupon per member per batch, limits respected, a rerun gives no more. */
import assert from "node:assert/strict";
import { EMPTY_RULES } from "../campaigns/segment-rules.ts";
import { createSegment } from "../campaigns/segments.ts";
import { marketingConsentOf } from "../members/consent.ts";
import { membershipTestBed } from "../test-support.ts";
import { issueBatch } from "./jobs.ts";
import { auditActions, coupons, createTemplate, storedCoupons, TWENTY_OFF } from "./test-helpers.ts";

Deno.test("segment push: each member of the segment gets one coupon, without needing marketing consent, however often it runs", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  const members = await Promise.all(
    ["13500000001", "13500000002", "13500000003"].map((mobile) => bed.join(mobile, { storeId: store })),
  );
  const outsider = await bed.join("13500000009");
  const segmentId = await bed.inDistrict((tx) =>
    createSegment(tx, bed.districts.home, {
      name: "A 店会员",
      rules: { ...EMPTY_RULES, storeId: store },
      createdBy: "system:test",
    })
  );
  const template = await createTemplate(admin, { ...TWENTY_OFF, claimable: false });

  const pushed = await admin.post(`${coupons}/templates/${template.id}/issues`, { segmentId });
  assert.equal(pushed.status, 202, await pushed.clone().text());
  const { batchId, membersTotal } = await pushed.json();
  assert.equal(membersTotal, 3);
  await bed.deliverEvents();

  const issued = await storedCoupons(bed);
  assert.deepEqual(issued.map((c) => c.member_id).sort(), members.map((m) => m.id).sort());
  assert.ok(!issued.some((c) => c.member_id === outsider.id), "only the segment");
  const consents = await bed.inDistrict((tx) => Promise.all(members.map((m) => marketingConsentOf(tx, m.id))));
  assert.ok(consents.every((c) => !c.granted), "none of them agreed to marketing, and each holds the coupon");
  assert.ok(issued.every((c) => c.source === "push" && c.batch_id === batchId));
  assert.ok(issued.every((c) => c.issued_by.startsWith("user:")), "issued in the name of who pushed");
  const batches = (await (await admin.get(`${coupons}/templates/${template.id}/issues`)).json()).items;
  assert.deepEqual(
    batches.map((b: { status: string; membersTotal: number; issued: number; skipped: number }) => [
      b.status,
      b.membersTotal,
      b.issued,
      b.skipped,
    ]),
    [["done", 3, 3, 0]],
  );

  // A retry of the job after a crash half-way (the batch still "running") issues nobody a second coupon.
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.coupon_issue_batches").set({ status: "running" }).where("id", "=", batchId)
      .execute()
  );
  await bed.app.jobs.enqueue(
    bed.app.plugins!.jobDefinitions().find((job) => job.name === `membership.${issueBatch.name}`)!,
    { batchId },
    { tenantId: bed.districts.home },
  );
  await bed.deliverEvents();
  assert.equal((await storedCoupons(bed)).length, 3);

  const again = await (await admin.post(`${coupons}/templates/${template.id}/issues`, { segmentId })).json();
  await bed.deliverEvents();
  const second = (await (await admin.get(`${coupons}/templates/${template.id}/issues`)).json()).items
    .find((b: { id: string }) => b.id === again.batchId);
  assert.deepEqual([second.issued, second.skipped], [0, 3], "a second batch: everyone already holds their one");
  assert.equal((await storedCoupons(bed)).length, 3);
  assert.deepEqual((await auditActions(bed, "membership.coupon-push")).length, 2);
});

Deno.test("segment push: the template's total limit leaves the rest skipped; bad requests are refused", async () => {
  await using bed = await membershipTestBed();
  const store = await bed.store("home", "A 店");
  const admin = await bed.signIn("operator_admin");
  for (const mobile of ["13500000011", "13500000012", "13500000013"]) await bed.join(mobile, { storeId: store });
  const segmentId = await bed.inDistrict((tx) =>
    createSegment(tx, bed.districts.home, {
      name: "A 店会员",
      rules: { ...EMPTY_RULES, storeId: store },
      createdBy: "system:test",
    })
  );
  const scarce = await createTemplate(admin, { ...TWENTY_OFF, totalLimit: 2 });
  const { batchId } = await (await admin.post(`${coupons}/templates/${scarce.id}/issues`, { segmentId })).json();
  await bed.deliverEvents();
  const [batch] = (await (await admin.get(`${coupons}/templates/${scarce.id}/issues`)).json()).items;
  assert.deepEqual([batch.id, batch.issued, batch.skipped], [batchId, 2, 1]);

  const unknown = await admin.post(`${coupons}/templates/${scarce.id}/issues`, { segmentId: crypto.randomUUID() });
  assert.equal(unknown.status, 422);
  assert.equal((await unknown.json()).errors[0].field, "segmentId");
  const paused = await createTemplate(admin, { ...TWENTY_OFF, title: "暂停" });
  await admin.post(`${coupons}/templates/${paused.id}/pause`);
  assert.equal((await admin.post(`${coupons}/templates/${paused.id}/issues`, { segmentId })).status, 409);
  const owner = await bed.signIn("store_owner", "home", store);
  assert.equal((await owner.post(`${coupons}/templates/${scarce.id}/issues`, { segmentId })).status, 403);
  assert.equal((await owner.get(`${coupons}/templates/${scarce.id}/issues`)).status, 403);
});

Deno.test("grants: the operator gives one member a coupon by card number; one reference, one coupon", async () => {
  await using bed = await membershipTestBed();
  const admin = await bed.signIn("operator_admin");
  const staff = await bed.signIn("operator_staff");
  const template = await createTemplate(admin, { ...TWENTY_OFF, claimable: false, perMemberLimit: 3 });
  const member = await bed.join("13500000021");
  const grant = (body: Record<string, unknown>) => staff.post(`${coupons}/templates/${template.id}/grants`, body);

  const given = await grant({ memberNo: member.memberNo, source: "survey", reference: "Q-2026-001" });
  assert.equal(given.status, 201, await given.clone().text());
  const coupon = await given.json();
  assert.equal(coupon.source, "survey");
  assert.match(coupon.code, /^\*{4}-[0-9A-Z]{4}$/, "staff see the code masked; the member sees it in full");
  const repeated = await grant({ memberNo: member.memberNo, source: "survey", reference: "Q-2026-001" });
  assert.equal(repeated.status, 200);
  assert.equal((await repeated.json()).id, coupon.id);
  assert.equal((await grant({ memberNo: member.memberNo, source: "manual", reference: "T-88" })).status, 201);

  const noMember = await grant({ memberNo: "100000000009", source: "manual", reference: "T-89" });
  assert.equal(noMember.status, 422);
  assert.equal((await noMember.json()).errors[0].field, "memberNo");
  const noReference = await grant({ memberNo: member.memberNo, source: "manual" });
  assert.equal(noReference.status, 422);
  assert.equal((await noReference.json()).errors[0].field, "reference");
  const stored = await storedCoupons(bed);
  assert.deepEqual(stored.map((c) => c.source), ["survey", "manual"]);
  assert.deepEqual(
    (await auditActions(bed, "membership.coupon-grant")).map((e) => e.target),
    stored.map((c) => `coupon:${c.id}`),
  );
  const notices = await bed.inDistrict((tx) =>
    tx.selectFrom("plugin_membership.inbox_messages").select(["kind", "body"]).where("member_id", "=", member.id)
      .execute()
  );
  assert.equal(notices.length, 2, "one service notice per coupon given, none for the repeat");
  assert.ok(notices.every((n) => n.kind === "service" && n.body.includes(TWENTY_OFF.title)));
});

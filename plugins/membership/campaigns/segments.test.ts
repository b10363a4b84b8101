/** Segments: rules by tags, level ranks, store and join date; the preview; changes; who may do what; districts apart. */
import assert from "node:assert/strict";
import { TestClient } from "../../../tests/support/http.ts";
import { base, membershipTestBed } from "../test-support.ts";
import { membersOfSegment } from "./segments.ts";
import { createCampaign, createSegment, decide, levels, setLevel, tag, tagMember } from "./test-helpers.ts";

async function fiveMembers() {
  const bed = await membershipTestBed();
  const store = await bed.store();
  const ranks = await levels(bed);
  const m1 = await bed.join("13800000001", { storeId: store });
  const m2 = await bed.join("13800000002");
  const m3 = await bed.join("13800000003", { storeId: store });
  const m4 = await bed.join("13800000004");
  const m5 = await bed.join("13800000005");
  const vip = await tag(bed, "vip");
  const foodie = await tag(bed, "foodie");
  const lapsed = await tag(bed, "lapsed");
  await tagMember(bed, m1.id, vip);
  await tagMember(bed, m1.id, foodie);
  await tagMember(bed, m2.id, vip);
  await tagMember(bed, m3.id, foodie);
  await tagMember(bed, m4.id, lapsed);
  await setLevel(bed, m1.id, ranks.get(2)!);
  await setLevel(bed, m2.id, ranks.get(1)!);
  for (const m of [m3, m4, m5]) await setLevel(bed, m.id, ranks.get(0)!);
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.members").set({ joined_at: new Date(Date.now() - 60 * 86_400_000) })
      .where("id", "=", m5.id).execute()
  );
  const operator = await bed.signIn("operator_admin");
  return { bed, store, operator, m1, m2, m3, m4, m5, vip };
}

Deno.test("segments: tags all-of, any-of, none-of, level ranks, store and join date pick exactly their members", async () => {
  const { bed, store, operator, m1, m2, m3, m4, m5 } = await fiveMembers();
  await using _ = bed;
  const cases: [Record<string, unknown>, { id: string }[]][] = [
    [{ allTags: "vip, foodie" }, [m1]],
    [{ anyTags: ["vip", "foodie"] }, [m1, m2, m3]],
    [{ noneTags: "vip" }, [m3, m4, m5]],
    [{ minLevelRank: 1 }, [m1, m2]],
    [{ maxLevelRank: 0 }, [m3, m4, m5]],
    [{ minLevelRank: 1, maxLevelRank: 1 }, [m2]],
    [{ storeId: store }, [m1, m3]],
    [{ joinedWithinDays: 30 }, [m1, m2, m3, m4]],
    [{ anyTags: "vip,foodie", storeId: store, minLevelRank: 1 }, [m1]],
    [{}, [m1, m2, m3, m4, m5]],
  ];
  for (const [rules, expected] of cases) {
    const segment = await createSegment(operator, { name: `分群 ${JSON.stringify(rules)}`.slice(0, 60), ...rules });
    const ids = await bed.inDistrict((tx) => membersOfSegment(tx, segment.id));
    assert.deepEqual(ids, expected.map((m) => m.id).sort(), JSON.stringify(rules));
    assert.equal(segment.members, expected.length, `the API's count for ${JSON.stringify(rules)}`);
  }

  // A member who left (erased) is in no segment any more.
  await bed.inDistrict((tx) =>
    tx.updateTable("plugin_membership.members")
      .set({ status: "erased", mobile_enc: null, mobile_index: null, erased_at: new Date() })
      .where("id", "=", m4.id).execute()
  );
  const everyone = await createSegment(operator, { name: "全部" });
  assert.deepEqual(
    await bed.inDistrict((tx) => membersOfSegment(tx, everyone.id)),
    [m1, m2, m3, m5].map((m) => m.id).sort(),
  );
});

Deno.test("segments: the preview counts members and those who consented, without saving anything", async () => {
  const { bed, operator, m1, m2 } = await fiveMembers();
  await using _ = bed;
  await decide(m1, true);
  await decide(m2, true);
  await decide(m2, false);
  const preview = await operator.get(`${base}/segments/preview?anyTags=vip,foodie`);
  assert.equal(preview.status, 200, await preview.clone().text());
  assert.deepEqual(await preview.json(), { members: 3, withConsent: 1 });
  const blank = await operator.get(`${base}/segments/preview?anyTags=&minLevelRank=`);
  assert.deepEqual(await blank.json(), { members: 5, withConsent: 1 }, "blank fields are no rule");
  const bad = await operator.get(`${base}/segments/preview?anyTags=nosuch&minLevelRank=x`);
  assert.equal(bad.status, 422);
  assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field), ["query.minLevelRank"]);
  const unknown = await operator.get(`${base}/segments/preview?anyTags=nosuch`);
  assert.equal(unknown.status, 422);
  assert.deepEqual((await unknown.json()).errors, [{ field: "query.anyTags", message: "no such tag: nosuch" }]);
  assert.deepEqual((await (await operator.get(`${base}/segments`)).json()).items, []);
});

Deno.test("segments: bad rules are refused naming each field, and nothing is saved", async () => {
  const { bed, operator } = await fiveMembers();
  await using _ = bed;
  const otherStore = await bed.store("other");
  const res = await operator.post(`${base}/segments`, {
    name: "错误",
    allTags: "vip, ghost",
    minLevelRank: 2,
    maxLevelRank: 1,
    storeId: otherStore,
  });
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type") ?? "", /^application\/problem\+json/);
  assert.deepEqual(
    (await res.json()).errors.map((e: { field: string }) => e.field).sort(),
    ["allTags", "maxLevelRank", "storeId"],
  );
  const overlap = await operator.post(`${base}/segments`, { name: "矛盾", anyTags: "vip", noneTags: "vip" });
  assert.equal(overlap.status, 422);
  assert.equal((await overlap.json()).errors[0].field, "noneTags");
  const noName = await operator.post(`${base}/segments`, { name: "  " });
  assert.equal(noName.status, 422);
  assert.equal((await noName.json()).errors[0].field, "name");
  const badDays = await operator.post(`${base}/segments`, { name: "x", joinedWithinDays: 0 });
  assert.equal((await badDays.json()).errors[0].field, "joinedWithinDays");
  assert.deepEqual((await (await operator.get(`${base}/segments`)).json()).items, []);
});

Deno.test("segments: a change replaces only the rules given; a used segment cannot be deleted; all audited", async () => {
  const { bed, operator, store, m1, m2, m3 } = await fiveMembers();
  await using _ = bed;
  const segment = await createSegment(operator, { name: "会员", anyTags: "vip", storeId: store });
  assert.equal(segment.members, 1);
  const renamed = await operator.patch(`${base}/segments/${segment.id}`, { name: "门店 VIP" });
  assert.equal(renamed.status, 200);
  const view = await renamed.json();
  assert.equal(view.name, "门店 VIP");
  assert.deepEqual(view.rules.anyTags.map((t: { code: string }) => t.code), ["vip"]);
  assert.equal(view.rules.storeId, store);
  const widened = await (await operator.patch(`${base}/segments/${segment.id}`, { anyTags: "vip,foodie" })).json();
  assert.equal(widened.rules.storeId, store, "the store rule stays");
  assert.equal(widened.members, 2);
  const cleared = await (await operator.patch(`${base}/segments/${segment.id}`, { storeId: null })).json();
  assert.equal(cleared.rules.storeId, null);
  assert.deepEqual(
    await bed.inDistrict((tx) => membersOfSegment(tx, segment.id)),
    [m1, m2, m3].map((m) => m.id).sort(),
  );
  const inverted = await operator.patch(`${base}/segments/${segment.id}`, { minLevelRank: 2, maxLevelRank: 1 });
  assert.equal(inverted.status, 422);

  await createCampaign(operator, { channels: "inbox", segmentId: segment.id });
  assert.equal((await operator.delete(`${base}/segments/${segment.id}`)).status, 409);
  const unused = await createSegment(operator, { name: "临时" });
  assert.equal((await operator.delete(`${base}/segments/${unused.id}`)).status, 204);
  assert.equal((await operator.get(`${base}/segments/${unused.id}`)).status, 404);
  const actions = await bed.inDistrict((tx) =>
    tx.selectFrom("core.audit_log").select("action").where("action", "like", "membership.segment-%")
      .orderBy("seq").execute()
  );
  assert.deepEqual(actions.map((a) => a.action), [
    "membership.segment-create",
    "membership.segment-update",
    "membership.segment-update",
    "membership.segment-update",
    "membership.segment-create",
    "membership.segment-delete",
  ]);
});

Deno.test("segments: staff read, only admins change, stores and other districts see nothing", async () => {
  const { bed, operator, store, vip, m1, m2 } = await fiveMembers();
  await using _ = bed;
  const segment = await createSegment(operator, { name: "VIP", anyTags: "vip" });
  const staff = await bed.signIn("operator_staff");
  assert.equal((await staff.get(`${base}/segments`)).status, 200);
  assert.equal((await staff.post(`${base}/segments`, { name: "x" })).status, 403);
  const owner = await bed.signIn("store_owner", "home", store);
  assert.equal((await owner.get(`${base}/segments`)).status, 403);
  assert.equal((await owner.get(`${base}/segments/${segment.id}`)).status, 403);
  assert.equal((await new TestClient(bed.app.app).get(`${base}/segments`)).status, 401);

  await bed.app.plugins!.enable({ tenantId: bed.districts.other, pluginId: "membership", actor: "system:test" });
  const otherAdmin = await bed.signIn("operator_admin", "other");
  assert.deepEqual((await (await otherAdmin.get(`${base}/segments`)).json()).items, []);
  assert.equal((await otherAdmin.get(`${base}/segments/${segment.id}`)).status, 404);
  assert.equal((await otherAdmin.patch(`${base}/segments/${segment.id}`, { name: "改" })).status, 404);
  assert.equal((await otherAdmin.delete(`${base}/segments/${segment.id}`)).status, 404);
  const otherMember = await bed.join("13800000001", { district: "other" });
  await tagMember(bed, otherMember.id, vip).then(
    () => assert.fail("a member of another district cannot be tagged with this district's tag"),
    () => undefined,
  );
  assert.equal((await otherAdmin.post(`${base}/segments`, { name: "x", anyTags: "vip" })).status, 422, "A's tag");
  assert.deepEqual(
    await bed.inDistrict((tx) => membersOfSegment(tx, segment.id)),
    [m1, m2].map((m) => m.id).sort(),
    "the other district's member with the same number is not in it",
  );
  assert.equal((await (await operator.get(`${base}/segments/${segment.id}`)).json()).name, "VIP");
});

/**
 * The audit log and privacy pages over HTTP: who may open each and sees its navigation entry, the audit page's
 * filters, paging and time zone, what each privacy section shows, and that another district's data never shows.
 */
import assert from "node:assert/strict";
import { appendAudit, appendAuditEntry } from "../audit/audit-log.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import type { Principal } from "../identity/principal.ts";
import { retentionClasses, type RetentionDataClass } from "../privacy/retention-classes.ts";
import { type RoleClients, setupRoles } from "../../tests/support/roles.ts";
import { formatInZone, startOfDay } from "./components/zoned-time.ts";
import { mayOpen } from "./nav.ts";

// The core registers no retention class yet (plugins bring them); this one's table does not exist, so nothing
// could ever be deleted through it.
const VISITS: RetentionDataClass = {
  id: "ui_test_visits",
  name: { zh: "测试到访记录", en: "Test visits" },
  table: "core.ui_test_visits_missing",
  timeColumn: "at",
  action: "delete",
  defaultDays: 30,
  minimumDays: 7,
};
if (!retentionClasses.has(VISITS.id)) retentionClasses.register(VISITS);

const PRIVACY_PAGES = ["/console/privacy", "/console/privacy/requests", "/console/privacy/retention"];

function navLinks(html: string): string[] {
  const nav = /<nav class="main-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? "";
  return [...nav.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
}

async function statuses(clients: RoleClients, path: string): Promise<Record<keyof RoleClients, number>> {
  const result = {} as Record<keyof RoleClients, number>;
  for (const [name, client] of Object.entries(clients) as [keyof RoleClients, RoleClients["adminA"]][]) {
    const res = await client.get(path);
    await res.body?.cancel();
    result[name] = res.status;
  }
  return result;
}

/** The audit page's entries, as [seq, action] in page order. */
function entriesOf(html: string): [number, string][] {
  return [...html.matchAll(/<tr data-seq="(\d+)">[\s\S]*?aria-label="只看 (\S+) 操作"/g)]
    .map((m) => [Number(m[1]), m[2]]);
}

function decoded(html: string): string {
  return html.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'");
}

Deno.test("audit and privacy pages: who may open each, and whose navigation offers them", async () => {
  await using t = await setupRoles();
  const { clients } = t;
  assert.deepEqual(await statuses(clients, "/console/audit"), {
    adminA: 200,
    staffA: 200,
    ownerA: 403,
    adminB: 200,
    platform: 403,
    anonymous: 302,
  });
  for (const path of [...PRIVACY_PAGES, "/console/privacy/masking"]) {
    assert.deepEqual(await statuses(clients, path), {
      adminA: 200,
      staffA: 403,
      ownerA: 403,
      adminB: 200,
      platform: 403,
      anonymous: 302,
    }, path);
  }
  const refused = await clients.staffA.get("/console/privacy/masking");
  assert.match(await refused.text(), /没有访问权限/);
  assert.equal(
    (await clients.anonymous.get("/console/privacy/retention")).headers.get("location"),
    "/login?next=%2Fconsole%2Fprivacy%2Fretention",
  );

  const links = async (client: keyof RoleClients) => navLinks(await (await clients[client].get("/console")).text());
  const admin = await links("adminA");
  assert.ok(admin.includes("/console/privacy") && admin.includes("/console/audit"), admin.join());
  assert.ok(admin.indexOf("/console/privacy") < admin.indexOf("/console/audit"));
  assert.ok(!admin.some((href) => href.startsWith("/console/privacy/")), "one entry for the privacy sections");
  const staff = await links("staffA");
  assert.ok(staff.includes("/console/audit") && !staff.includes("/console/privacy"), staff.join());
  const owner = await links("ownerA");
  assert.ok(!owner.includes("/console/audit") && !owner.includes("/console/privacy"), owner.join());

  // The console home describes them; the privacy page links the sections, each page shows its siblings as tabs.
  const home = await (await clients.adminA.get("/console")).text();
  assert.match(home, /审计日志/);
  assert.match(home, /个人信息保护/);
  const hub = await (await clients.adminA.get("/console/privacy")).text();
  for (const path of ["/console/privacy/requests", "/console/privacy/retention", "/console/privacy/masking"]) {
    assert.match(hub, new RegExp(`class="tile" href="${path}"`));
  }
  const retention = await (await clients.adminA.get("/console/privacy/retention")).text();
  assert.match(retention, /<nav class="sub-nav"[\s\S]*aria-current="page">保留期限</);
  assert.match(retention, /<a href="\/console\/privacy" aria-current="page">个人信息保护<\/a>/, "the nav marks it");

  // Verifying the chain needs audit:verify: staff read the log without the button.
  assert.match(await (await clients.adminA.get("/console/audit")).text(), /data-island="AuditVerify"/);
  const staffAudit = await (await clients.staffA.get("/console/audit")).text();
  assert.doesNotMatch(staffAudit, /data-island="AuditVerify"/);
  assert.match(staffAudit, /href="\/api\/v1\/audit\/public-key"/, "the public key is for every reader");
});

Deno.test("a page for any of several permissions opens for whoever holds one of them, in a district", () => {
  const person = (permissions: string[], tenantId?: string): Principal => ({
    kind: "user",
    actor: "user:1",
    accountId: "1",
    login: "someone",
    displayName: "someone",
    roles: [],
    permissions: new Set(permissions),
    tenantId,
    sessionTokenHash: "",
    csrfToken: "",
    tenants: [],
  });
  const access = { anyPermission: ["privacy:requests", "privacy:retention", "privacy:settings"] };
  assert.equal(mayOpen(access, person(["privacy:settings"], "t")), "ok");
  assert.equal(mayOpen(access, person(["privacy:retention", "users:read"], "t")), "ok");
  assert.equal(mayOpen(access, person(["users:read"], "t")), "forbidden");
  assert.equal(mayOpen(access, person(["privacy:settings"])), "forbidden", "district pages need a district");
  assert.equal(mayOpen(access, undefined), "sign-in");
});

Deno.test("the audit page: newest first, filters, paging by cursor, times in the district's time zone", async () => {
  await using t = await setupRoles();
  const { adminA, adminB, staffA } = t.clients;
  // District B lives in London for this test: its times show in London time.
  await withPlatform(t.database.db, { actor: "user:test", purpose: "time zone test" }, async (tx) => {
    await tx.updateTable("core.tenants").set({ time_zone: "Europe/London" }).where("id", "=", t.b).execute();
  });
  const appended = await withTenant(t.database.db, t.a, async (tx) => {
    for (let i = 1; i <= 55; i++) await appendAudit(tx, { actor: "job:test", action: "test.bulk", details: { i } });
    await appendAudit(tx, {
      actor: "user:somebody",
      action: "pii.reveal",
      target: "member:1",
      details: { type: "phone" },
    });
    return await appendAuditEntry(tx, {
      actor: `user:${t.accounts.adminA}`,
      action: "pii.export",
      target: "member:2",
      details: { purpose: "dsr", note: "x".repeat(200) },
    });
  });
  const inB = await withTenant(
    t.database.db,
    t.b,
    (tx) => appendAuditEntry(tx, { actor: "user:b-only", action: "b.secret", details: { district: "b" } }),
  );

  const page = decoded(await (await adminA.get("/console/audit")).text());
  const first = entriesOf(page);
  assert.equal(first.length, 50);
  assert.deepEqual(first.slice(0, 2).map(([, action]) => action), ["pii.export", "pii.reveal"]);
  assert.ok(first.every(([seq], i) => i === 0 || seq < first[i - 1][0]), "newest first");
  assert.doesNotMatch(page, /b\.secret|b-only/, "never another district's entries");
  // The district's time, to the second; the account's name for a person it knows; long details folded.
  assert.ok(page.includes(formatInZone("zh-CN", appended.at.toISOString(), "Asia/Shanghai", { seconds: true })));
  assert.match(page, /时间按商圈所在时区（Asia\/Shanghai）显示/);
  const users = await (await adminA.get("/api/v1/users")).json();
  const me = users.items.find((u: { accountId: string }) => u.accountId === t.accounts.adminA);
  assert.ok(page.includes(`aria-label="只看 ${me.displayName} 的记录">${me.displayName}</a>`));
  assert.match(page, /<details class="audit-details">/);
  assert.match(page, /<code class="audit-details">type: phone<\/code>/);

  const older = /<a class="button" rel="next" href="([^"]+)">更早的记录<\/a>/.exec(page);
  assert.ok(older, "a link to older entries");
  const second = decoded(await (await adminA.get(older[1])).text());
  const rest = entriesOf(second);
  const total = (await (await adminA.get("/api/v1/audit?limit=500")).json()).items.length;
  assert.equal(rest.length, total - 50);
  assert.equal(rest[0][0], first[first.length - 1][0] - 1, "the next page continues below the first");
  assert.doesNotMatch(second, /rel="next"/, "the last page");
  assert.match(second, /<a class="button" href="\/console\/audit">回到最新<\/a>/);

  // An action prefix, an actor, days of the district.
  const prefix = entriesOf(decoded(await (await adminA.get("/console/audit?action=pii.")).text()));
  assert.deepEqual(prefix.map(([, action]) => action), ["pii.export", "pii.reveal"]);
  const actor = entriesOf(decoded(await (await adminA.get("/console/audit?actor=user:somebody")).text()));
  assert.deepEqual(actor.map(([, action]) => action), ["pii.reveal"]);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
  const todays = decoded(await (await adminA.get(`/console/audit?action=pii.&from=${today}&to=${today}`)).text());
  assert.equal(entriesOf(todays).length, 2);
  assert.match(todays, new RegExp(`name="from" type="date" value="${today}"`), "the form keeps the filters");
  const tomorrow = startOfDay(today, "Asia/Shanghai", 1).slice(0, 10);
  const none = await (await adminA.get(`/console/audit?action=pii.&from=${tomorrow}`)).text();
  assert.deepEqual(entriesOf(none), []);
  assert.match(none, /没有符合条件的记录。/);

  // Wrong filters are said beside their fields: the page's own check, and the API's.
  const badDay = await (await adminA.get("/console/audit?from=2026-02-30")).text();
  assert.match(badDay, /<p class="field-error" id="audit-from-error">请输入有效的日期（年-月-日）<\/p>/);
  const badAction = await (await adminA.get("/console/audit?action=pii%20reveal")).text();
  assert.match(badAction, /id="audit-action-error">must not contain spaces</);
  const backwards = await (await adminA.get(`/console/audit?from=${today}&to=2020-01-01`)).text();
  assert.match(backwards, /id="audit-to-error">must be later than from</);

  // District B's page: its own entry, in its own time zone, and nothing of A's.
  const b = decoded(await (await adminB.get("/console/audit")).text());
  assert.deepEqual(entriesOf(b)[0], [inB.seq, "b.secret"]);
  assert.ok(entriesOf(b).every(([, action]) => !action.startsWith("pii.") && action !== "test.bulk"));
  assert.ok(b.includes(formatInZone("zh-CN", inB.at.toISOString(), "Europe/London", { seconds: true })));
  assert.doesNotMatch(b, /pii\.export|test\.bulk/);

  // Staff read the same log.
  assert.equal(entriesOf(decoded(await (await staffA.get("/console/audit?action=pii.")).text())).length, 2);
});

Deno.test("privacy sections show the district's own retention, masking and subjects, never another's", async () => {
  await using t = await setupRoles();
  const { adminA, adminB } = t.clients;
  const SUBJECT = "member-ui-0001";
  assert.equal((await adminA.request("PUT", `/api/v1/privacy/retention/${VISITS.id}`, { days: 14 })).status, 200);
  assert.equal((await adminA.request("PUT", "/api/v1/privacy/masking", { phone: { keepEnd: 2 } })).status, 200);
  const consent = await adminA.post(`/api/v1/privacy/subjects/${SUBJECT}/consents`, {
    purpose: "marketing",
    granted: true,
    channel: "counter",
    policyVersion: "2026-01",
  });
  assert.equal(consent.status, 201);
  assert.equal(
    (await adminA.post("/api/v1/privacy/subject-requests", { kind: "export", subjectId: SUBJECT })).status,
    200,
  );

  const islandProps = (html: string, name: string) => {
    const match = new RegExp(`data-island="${name}" data-props="([^"]*)"`).exec(html);
    assert.ok(match, `no ${name} island`);
    return JSON.parse(decoded(match[1]));
  };
  const retentionOf = async (client: typeof adminA) => {
    const html = await (await client.get("/console/privacy/retention")).text();
    return islandProps(html, "RetentionManager").items.find((i: { dataClass: string }) => i.dataClass === VISITS.id);
  };
  assert.deepEqual(await retentionOf(adminA), {
    dataClass: VISITS.id,
    name: VISITS.name,
    action: "delete",
    days: 14,
    storedDays: 14,
    defaultDays: 30,
    minimumDays: 7,
  });
  assert.equal((await retentionOf(adminB)).storedDays, null, "B keeps the default");
  const retentionHtml = await (await adminA.get("/console/privacy/retention")).text();
  assert.match(retentionHtml, /测试到访记录/);
  assert.match(retentionHtml, /不少于 7 天/);

  const maskingOf = async (client: typeof adminA) =>
    islandProps(await (await client.get("/console/privacy/masking")).text(), "MaskingSettings");
  const masking = await maskingOf(adminA);
  assert.deepEqual(masking.settings.chosen, { phone: { keepEnd: 2 } });
  assert.equal(masking.settings.config.phone.keepEnd, 2);
  assert.equal(masking.limits["phone.keepStart"], 3);
  assert.equal(masking.limits["bankCard.keepStart"], 6);
  assert.deepEqual(
    masking.samples.map((s: { type: string; value: string }) => [s.type, s.value]).slice(0, 5),
    [
      ["phone", "13812345678"],
      ["idNumber", "11010519491231002X"],
      ["creditCode", "91350100M000100Y43"],
      ["plate", "苏C12345"],
      ["name", "张三丰"],
    ],
  );
  const maskingHtml = await (await adminA.get("/console/privacy/masking")).text();
  assert.match(maskingHtml, /<output data-preview="phone"[^>]*>138\*\*\*\*\*\*78<\/output>/, "previewed on the server");
  assert.match(maskingHtml, /<output data-preview="name"[^>]*>张\*\*<\/output>/);
  assert.equal((await maskingOf(adminB)).settings.chosen, null, "B's settings are its own");

  const subjectPage = async (client: typeof adminA, subject = SUBJECT) =>
    await (await client.get(`/console/privacy/requests?subject=${encodeURIComponent(subject)}`)).text();
  const a = await subjectPage(adminA);
  const requests = islandProps(a, "SubjectRequests");
  assert.deepEqual(requests.requests.map((r: { kind: string; status: string }) => [r.kind, r.status]), [
    ["export", "completed"],
  ]);
  const consents = islandProps(a, "ConsentManager");
  assert.deepEqual(consents.current.map((c: { purpose: string; granted: boolean }) => [c.purpose, c.granted]), [
    ["marketing", true],
  ]);
  assert.equal(consents.history.length, 1);
  assert.deepEqual(
    consents.purposes.slice(0, 3).map((p: { id: string }) => p.id),
    ["marketing", "location_push", "partner_sharing"],
  );
  assert.match(a, /精准营销/);
  const b = await subjectPage(adminB);
  assert.deepEqual(islandProps(b, "SubjectRequests").requests, [], "B has no requests for A's subject");
  assert.deepEqual(islandProps(b, "ConsentManager").current, []);
  assert.doesNotMatch(b, /已同意/);

  // Without a subject the page asks for one; a subject id the API refuses is said beside the field.
  const empty = await (await adminA.get("/console/privacy/requests")).text();
  assert.match(empty, /name="subject"/);
  assert.doesNotMatch(empty, /data-island="SubjectRequests"/);
  const tooLong = await subjectPage(adminA, "x".repeat(201));
  assert.match(tooLong, /id="subject-id-error"/);
  assert.doesNotMatch(tooLong, /data-island="SubjectRequests"/);
});

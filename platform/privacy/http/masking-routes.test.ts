/** Masking settings over HTTP and maskConfigOf: per district, checked setting by setting, audited. */
import assert from "node:assert/strict";
import { setupRoles, statusesFor } from "../../../tests/support/roles.ts";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";
import { maskConfigOf } from "../mask-settings.ts";
import { DEFAULT_MASK_CONFIG, maskValue } from "../masking.ts";

const URL = "/api/v1/privacy/masking";

Deno.test("masking routes: who may call each", async () => {
  await using t = await setupRoles();
  const expected = { adminA: 200, staffA: 403, ownerA: 403, adminB: 200, platform: 403, anonymous: 401 };
  assert.deepEqual(await statusesFor(t.clients, "GET", URL), expected);
  assert.deepEqual(await statusesFor(t.clients, "PUT", URL, { maskChar: "#" }), expected);
});

Deno.test("a district's choices are stored as given, completed with defaults, used by maskConfigOf, and audited", async () => {
  await using t = await setupRoles();
  const initial = await (await t.clients.adminA.get(URL)).json();
  assert.deepEqual(initial, {
    config: DEFAULT_MASK_CONFIG,
    chosen: null,
    defaults: DEFAULT_MASK_CONFIG,
    updatedBy: null,
    updatedAt: null,
  });

  const chosen = { maskChar: "●", phone: { keepStart: 0 } };
  const res = await t.clients.adminA.request("PUT", URL, chosen);
  assert.equal(res.status, 200);
  const saved = await res.json();
  assert.deepEqual(saved.chosen, chosen);
  assert.deepEqual(saved.config.phone, { keepStart: 0, keepEnd: 4 });
  assert.deepEqual(saved.config.idNumber, DEFAULT_MASK_CONFIG.idNumber);
  assert.equal(saved.updatedBy, `user:${t.accounts.adminA}`);
  assert.deepEqual(await (await t.clients.adminA.get(URL)).json(), saved);

  const config = await withTenant(t.database.db, t.a, maskConfigOf);
  assert.equal(maskValue("phone", "13812345678", config), "●●●●●●●5678");
  assert.deepEqual(await withTenant(t.database.db, t.b, maskConfigOf), DEFAULT_MASK_CONFIG);

  const reset = await (await t.clients.adminA.request("PUT", URL, {})).json();
  assert.deepEqual([reset.chosen, reset.config], [{}, DEFAULT_MASK_CONFIG]);

  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "privacy.masking.set" }));
  assert.deepEqual(audit.entries.map((e) => e.details).reverse(), [
    { chosen, previous: null },
    { chosen: {}, previous: chosen },
  ]);
  assert.ok(audit.entries.every((e) => e.actor === `user:${t.accounts.adminA}`));
});

Deno.test("invalid settings answer 422 naming each setting, and change nothing", async () => {
  await using t = await setupRoles();
  const cases: [unknown, string[]][] = [
    [{ phone: { keepStart: 5 } }, ["phone.keepStart"]],
    [{ phonee: {} }, ["phonee"]],
    [{ phone: { keepMiddle: 1 } }, ["phone.keepMiddle"]],
    [{ name: { keepSurname: "yes" }, maskChar: "**" }, ["maskChar", "name.keepSurname"]],
    [{ address: { keepLevel: "street" } }, ["address.keepLevel"]],
    [[], ["(body)"]],
  ];
  for (const [body, fields] of cases) {
    const res = await t.clients.adminA.request("PUT", URL, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    const problem = await res.json();
    assert.deepEqual(problem.errors.map((e: { field: string }) => e.field).sort(), fields, JSON.stringify(body));
  }
  const empty = await t.clients.adminA.request("PUT", URL);
  assert.equal(empty.status, 422, "no body is not a silent reset");
  assert.deepEqual((await empty.json()).errors.map((e: { field: string }) => e.field), ["(body)"]);

  assert.equal((await (await t.clients.adminA.get(URL)).json()).chosen, null);
  const audit = await withTenant(t.database.db, t.a, (tx) => listAudit(tx, { action: "privacy.masking.set" }));
  assert.equal(audit.entries.length, 0);
});

Deno.test("another district neither sees nor changes the first district's masking", async () => {
  await using t = await setupRoles();
  assert.equal((await t.clients.adminA.request("PUT", URL, { plate: { keepEnd: 0 } })).status, 200);
  assert.equal((await (await t.clients.adminB.get(URL)).json()).chosen, null);
  assert.equal((await t.clients.adminB.request("PUT", URL, { maskChar: "#" })).status, 200);
  const a = await (await t.clients.adminA.get(URL)).json();
  assert.deepEqual(a.chosen, { plate: { keepEnd: 0 } });
  assert.equal(a.config.maskChar, "*");
  const rows = await withTenant(
    t.database.db,
    t.b,
    (tx) => tx.selectFrom("core.tenant_privacy_settings").select("tenant_id").execute(),
  );
  assert.deepEqual(rows.map((r) => r.tenant_id), [t.b], "row-level security shows B only its own row");
});

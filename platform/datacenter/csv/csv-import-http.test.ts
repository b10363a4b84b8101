/**
 * POST /api/v1/events/csv: a spreadsheet of sales or footfall is stored through the ingestion path — Chinese
 * headings, yuan, local times, GBK or UTF-8 with a byte order mark; all or nothing with problems named by row and
 * column; idempotent; store users for their own store only; districts isolated; every import audited.
 */
import assert from "node:assert/strict";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";
import { TestClient } from "../../../tests/support/http.ts";
import { type DatacenterSetup, datacenterSetup } from "../test-helpers.ts";
import { MAX_CSV_BYTES } from "./import-csv.ts";
import { daysAgo, fieldsOf, postCsv } from "./test-support.ts";

const DAY = daysAgo(3);

function sales(t: DatacenterSetup, tenantId: string) {
  return withTenant(t.db, tenantId, (tx) =>
    tx.selectFrom("core.sale_events")
      .select(["event_id", "scope_id", "store_id", "receipt_id", "amount_fen", "payment_method", "refund", "at"])
      .orderBy("receipt_id").execute());
}

Deno.test("an operator imports sales with Chinese headings, yuan and local times; the same file again stores nothing", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  const file = "\uFEFF小票号,门店,金额（元）,支付方式,退款,时间\r\n" +
    `R-001,甲一店,128.50,微信,否,${DAY} 10:15\r\n` +
    `R-002,${t.stores.a2},"1,280",支付宝,,${DAY} 11:05:30\r\n` +
    `R-003,甲一店,¥20,现金,是,${DAY.replaceAll("-", "/")} 12:00\r\n` +
    ",,,,,\r\n";
  const res = await postCsv(t, admin, "sale", file);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body, { type: "sale", encoding: "utf-8", rows: 3, accepted: 3, duplicates: [] });

  const stored = await sales(t, t.a);
  assert.deepEqual(
    stored.map((s) => [s.receipt_id, s.store_id, Number(s.amount_fen), s.payment_method, s.refund, s.at.toISOString()]),
    [
      ["R-001", t.stores.a1, 12_850, "wechat", false, new Date(`${DAY}T10:15:00+08:00`).toISOString()],
      ["R-002", t.stores.a2, 128_000, "alipay", false, new Date(`${DAY}T11:05:30+08:00`).toISOString()],
      ["R-003", t.stores.a1, 2_000, "cash", true, new Date(`${DAY}T12:00:00+08:00`).toISOString()],
    ],
  );
  assert.ok(stored.every((s) => s.scope_id === t.a), "an operator imports as the district");

  const again = await postCsv(t, admin, "sale", file);
  const repeated = await again.json();
  assert.equal(repeated.accepted, 0);
  assert.deepEqual(repeated.duplicates.map((d: { row: number }) => d.row), [2, 3, 4]);
  assert.equal(await t.count(t.a, "sale"), 3);

  // Through the same rollups as POST /api/v1/events: the metrics API counts the imported receipts.
  await t.rollup(t.a);
  const from = encodeURIComponent(`${DAY}T00:00:00+08:00`);
  const to = encodeURIComponent(`${daysAgo(2)}T00:00:00+08:00`);
  const metrics = await (await admin.get(`/api/v1/metrics/sales?from=${from}&to=${to}&granularity=day`)).json();
  assert.deepEqual(
    metrics.buckets.map((b: { salesFen: number; refundFen: number }) => [b.salesFen, b.refundFen]),
    [[140_850, 2_000]],
  );

  const audit = await withTenant(t.db, t.a, (tx) => listAudit(tx, { action: "datacenter.import" }));
  assert.equal(audit.entries.length, 2, "each import is in the audit log");
  assert.deepEqual(audit.entries[1].details, { rows: 3, accepted: 3, duplicates: 0, encoding: "utf-8" });
});

Deno.test("GBK files from Excel on a Chinese Windows are read, as are amounts in fen and an id column", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  // "小票号,门店,金额(元),支付方式,时间\r\nG-1,甲一店,88.80,微信,<DAY> 12:30\r\n" saved as GBK.
  const head =
    "d0a1c6b1bac52cc3c5b5ea2cbdf0b6ee28d4aa292cd6a7b8b6b7bdcabd2ccab1bce40d0a472d312cbcd7d2bbb5ea2c38382e38302ccea2d0c52c";
  const gbk = new Uint8Array([
    ...head.match(/../g)!.map((h) => parseInt(h, 16)),
    ...new TextEncoder().encode(`${DAY} 12:30\r\n`),
  ]);
  const res = await postCsv(t, admin, "sale", gbk);
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { type: "sale", encoding: "gb18030", rows: 1, accepted: 1, duplicates: [] });

  const fen =
    `id,storeId,receiptId,amountFen,paymentMethod,at\nmy-1,${t.stores.a1},F-1,999,ecny,${DAY}T09:00:00+08:00\n` +
    `my-1,${t.stores.a1},F-2,111,card,${DAY}T09:05:00+08:00\n`;
  const answer = await (await postCsv(t, admin, "sale", fen)).json();
  assert.deepEqual(
    [answer.accepted, answer.duplicates],
    [1, [{ row: 3, id: "my-1" }]],
    "the first of a repeated id is kept",
  );
  const stored = await sales(t, t.a);
  assert.deepEqual(stored.map((s) => [s.receipt_id, Number(s.amount_fen)]), [["F-1", 999], ["G-1", 8_880]]);
  assert.equal(stored.find((s) => s.receipt_id === "F-1")!.event_id, "my-1");
});

Deno.test("a file with bad cells is refused whole, each problem naming its row and column", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  const future = daysAgo(-3);
  const file = "receiptId,storeId,amount,paymentMethod,at\n" +
    `ok-1,甲一店,10,wechat,${DAY} 10:00\n` +
    `bad-2,甲一店,12.345,wechat,${DAY} 10:00\n` +
    `bad-3,甲一店,-5,bitcoin,${DAY} 10:00\n` +
    `bad-4,没有这家店,5,cash,yesterday\n` +
    `,甲一店,5,cash,${DAY}\n` +
    `bad-6,甲一店,5,cash,${future} 10:00\n` +
    `bad-7,甲一店,5,cash,${DAY} 25:00,extra\n`;
  const res = await postCsv(t, admin, "sale", file);
  assert.equal(res.status, 422);
  assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/);
  const body = await res.json();
  assert.deepEqual(fieldsOf(body), [
    "rows.3.amount",
    "rows.4.amount",
    "rows.4.paymentMethod",
    "rows.5.storeId",
    "rows.5.at",
    "rows.6.receiptId",
    "rows.6.at",
    "rows.7.at",
    "rows.8",
  ]);
  const byField = new Map(body.errors.map((e: { field: string }) => [e.field, e]));
  assert.deepEqual(byField.get("rows.3.amount"), {
    field: "rows.3.amount",
    message: "at most two decimals (fen)",
    row: 3,
    column: "amount",
  });
  assert.match((byField.get("rows.4.paymentMethod") as { message: string }).message, /微信/);
  assert.match((byField.get("rows.5.storeId") as { message: string }).message, /no store of this name/);
  assert.match((byField.get("rows.6.at") as { message: string }).message, /time of day/);
  assert.match((byField.get("rows.7.at") as { message: string }).message, /future/);
  assert.equal(await t.count(t.a, "sale"), 0, "not even the good row was stored");
});

Deno.test("headings, size, row count and content type are checked before any row", async () => {
  await using t = await datacenterSetup();
  const admin = await t.signIn(t.a, "operator_admin");
  const refused = async (body: string | Uint8Array<ArrayBuffer>, type = "sale", contentType = "text/csv") => {
    const res = await postCsv(t, admin, type, body, contentType);
    return { status: res.status, fields: fieldsOf(await res.json()) };
  };
  assert.deepEqual(await refused("receiptId,amout,paymentMethod,at\nx,1,cash,2026-01-01 10:00\n"), {
    status: 422,
    fields: ["header.amout", "header.amount"],
  });
  assert.deepEqual(await refused("receiptId,amount,amountFen,paymentMethod,at,at\n"), {
    status: 422,
    fields: ["header.at", "header.amountFen"],
  });
  assert.deepEqual(await refused("receiptId,amount,paymentMethod,at\n"), { status: 422, fields: ["rows"] });
  assert.deepEqual(await refused(""), { status: 422, fields: ["header"] });
  assert.deepEqual(await refused('receiptId,amount,paymentMethod,at\n"x,1,cash,2026-01-01 10:00\n'), {
    status: 422,
    fields: ["rows.2"],
  });
  assert.deepEqual(await refused(new Uint8Array([0x61, 0x0a, 0xff, 0xff, 0xff])), { status: 422, fields: ["body"] });
  const many = "counterId,zone,in,out,at\n" + `c1,1F,1,1,${DAY} 10:00\n`.repeat(5_001);
  assert.deepEqual(await refused(many, "footfall"), { status: 422, fields: ["rows"] });
  const huge = "receiptId,amount,paymentMethod,at\n" + "x".repeat(MAX_CSV_BYTES);
  assert.deepEqual(await refused(huge), { status: 413, fields: ["body"] });
  assert.deepEqual(await refused("{}", "sale", "application/json"), { status: 415, fields: ["content-type"] });
  assert.deepEqual(await refused("a\n", "parking"), { status: 422, fields: ["query.type"] });
  assert.equal(await t.count(t.a, "sale") + await t.count(t.a, "footfall"), 0);
});

Deno.test("a store's owner imports for their own store only; staff and anonymous callers may not import", async () => {
  await using t = await datacenterSetup();
  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  const own = await postCsv(t, owner, "sale", `小票号,金额,支付方式,时间\nS-1,9.90,现金,${DAY} 15:00\n`);
  assert.equal(own.status, 200);
  assert.deepEqual((await sales(t, t.a)).map((s) => [s.store_id, s.scope_id]), [[t.stores.a1, t.stores.a1]]);

  const counts = await postCsv(t, owner, "footfall", `计数器,区域,进,出,时间\ndoor,1F,30,28,${DAY} 15:00\n`);
  assert.equal(counts.status, 200);
  const footfall = await withTenant(
    t.db,
    t.a,
    (tx) => tx.selectFrom("core.footfall_events").select(["store_id", "in_count", "out_count"]).execute(),
  );
  assert.deepEqual(footfall, [{ store_id: t.stores.a1, in_count: 30, out_count: 28 }]);

  const other = await postCsv(
    t,
    owner,
    "sale",
    `小票号,门店,金额,支付方式,时间\nS-2,甲一店,1,现金,${DAY} 15:00\nS-3,甲二店,1,现金,${DAY} 15:00\n`,
  );
  assert.equal(other.status, 403);
  assert.deepEqual(fieldsOf(await other.json()), ["rows.3.storeId"]);
  assert.equal(await t.count(t.a, "sale"), 1, "nothing of the refused file was stored");

  const staff = await t.signIn(t.a, "operator_staff");
  const file = `receiptId,storeId,amount,paymentMethod,at\nX,甲一店,1,cash,${DAY} 10:00\n`;
  assert.equal((await postCsv(t, staff, "sale", file)).status, 403);
  assert.equal((await postCsv(t, new TestClient(t.app), "sale", file)).status, 401);
  assert.equal(await t.count(t.a, "sale"), 1);
});

Deno.test("districts are isolated: another district's stores are unknown to an import, and its ids are its own", async () => {
  await using t = await datacenterSetup();
  const adminA = await t.signIn(t.a, "operator_admin");
  const adminB = await t.signIn(t.b, "operator_admin");
  const file = (store: string) => `receiptId,storeId,amount,paymentMethod,at\nR-1,${store},5,cash,${DAY} 10:00\n`;
  const byName = await postCsv(t, adminB, "sale", file("甲一店"));
  assert.equal(byName.status, 422);
  assert.deepEqual(fieldsOf(await byName.json()), ["rows.2.storeId"]);
  const byId = await postCsv(t, adminB, "sale", file(t.stores.a1));
  assert.equal(byId.status, 422, "district A's store does not exist for district B");
  assert.deepEqual(fieldsOf(await byId.json()), ["rows.2.storeId"]);

  assert.equal((await (await postCsv(t, adminA, "sale", file("甲一店"))).json()).accepted, 1);
  assert.equal((await (await postCsv(t, adminB, "sale", file("乙一店"))).json()).accepted, 1);
  assert.deepEqual((await sales(t, t.a)).map((s) => s.store_id), [t.stores.a1]);
  assert.deepEqual((await sales(t, t.b)).map((s) => s.store_id), [t.stores.b1]);
});

/**
 * GET /api/v1/exports/*.csv: files Excel opens in Chinese (byte order mark), named for their period, streamed in
 * time order across pages, personal data masked (plates by the district's rules, members only as yes/no), every
 * download audited, store users limited to their store, districts isolated.
 */
import assert from "node:assert/strict";
import { appendAudit } from "../../audit/audit-log.ts";
import { listAudit } from "../../audit/list.ts";
import { withTenant } from "../../db/tenant.ts";
import { setMaskConfig } from "../../privacy/mask-settings.ts";
import { daysAgo } from "../csv/test-support.ts";
import { type DatacenterSetup, datacenterSetup } from "../test-helpers.ts";
import { EXPORT_PAGE_ROWS } from "./export-kind.ts";

const DAY = daysAgo(4);
const NEXT = daysAgo(3);
const RANGE = `from=${encodeURIComponent(`${DAY}T00:00:00+08:00`)}&to=${encodeURIComponent(`${NEXT}T00:00:00+08:00`)}`;

async function seeded() {
  const t = await datacenterSetup();
  const at = (time: string) => `${DAY}T${time}:00+08:00`;
  const res = await (await t.keyClient(t.a)).post("/api/v1/events", {
    events: [
      {
        type: "sale",
        id: "s1",
        storeId: t.stores.a1,
        receiptId: "R-1",
        amountFen: 12_850,
        paymentMethod: "wechat",
        memberId: "M-0042",
        at: at("10:15"),
      },
      {
        type: "sale",
        id: "s2",
        storeId: t.stores.a2,
        receiptId: "=1+2",
        amountFen: 700,
        paymentMethod: "cash",
        at: at("11:00"),
      },
      {
        type: "sale",
        id: "r1",
        storeId: t.stores.a1,
        receiptId: "R-1R",
        amountFen: 2_000,
        paymentMethod: "wechat",
        refund: true,
        refundOf: "R-1",
        at: at("12:00"),
      },
      {
        type: "footfall",
        id: "f1",
        counterId: "door-1",
        zone: "1F",
        storeId: t.stores.a1,
        in: 12,
        out: 9,
        at: at("10:00"),
      },
      { type: "footfall", id: "f2", counterId: "gate-n", zone: "1F", in: 40, out: 33, at: at("10:00") },
      { type: "parking", id: "p1", gateId: "B1-in", plate: "苏C·D12345", direction: "in", at: at("09:30") },
    ],
  });
  assert.equal(res.status, 200);
  await (await t.keyClient(t.b)).post("/api/v1/events", {
    events: [
      {
        type: "sale",
        id: "s1",
        storeId: t.stores.b1,
        receiptId: "B-1",
        amountFen: 99_900,
        paymentMethod: "card",
        at: at("10:15"),
      },
    ],
  });
  await t.rollup(t.a);
  return t;
}

/** The file's text; Response.text() would drop the byte order mark that Excel needs, so it is checked on the bytes. */
async function csvText(res: Response): Promise<string> {
  const bytes = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "starts with the UTF-8 byte order mark");
  return new TextDecoder().decode(bytes);
}

function lines(text: string): string[][] {
  return text.split("\r\n").filter(Boolean).map((line) => line.split(","));
}

async function exportsOf(t: DatacenterSetup) {
  return (await withTenant(t.db, t.a, (tx) => listAudit(tx, { action: "datacenter.export" }))).entries;
}

Deno.test("sales.csv: Chinese headings, yuan, local times, members only as yes/no, formulas neutralised, audited", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const res = await admin.get(`/api/v1/exports/sales.csv?${RANGE}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
  assert.equal(res.headers.get("content-disposition"), `attachment; filename="sales_${DAY}_${DAY}.csv"`);
  const text = await csvText(res);
  assert.deepEqual(lines(text), [
    ["时间", "门店", "门店名称", "小票号", "金额(元)", "支付方式", "退款", "原小票号", "渠道", "会员"],
    [`${DAY} 10:15:00`, t.stores.a1, "甲一店", "R-1", "128.50", "微信", "否", "", "线下", "是"],
    [`${DAY} 11:00:00`, t.stores.a2, "甲二店", "'=1+2", "7.00", "现金", "否", "", "线下", "否"],
    [`${DAY} 12:00:00`, t.stores.a1, "甲一店", "R-1R", "20.00", "微信", "是", "R-1", "线下", "否"],
  ]);
  assert.ok(!text.includes("M-0042") && !/p_[A-Za-z0-9]/.test(text), "neither the member id nor its pseudonym");

  const english = await csvText(
    await admin.get(`/api/v1/exports/sales.csv?${RANGE}&lang=en-US&storeId=${t.stores.a2}`),
  );
  assert.deepEqual(lines(english), [
    ["at", "storeId", "storeName", "receiptId", "amount", "paymentMethod", "refund", "refundOf", "channel", "member"],
    [`${DAY} 11:00:00`, t.stores.a2, "甲二店", "'=1+2", "7.00", "cash", "false", "", "offline", "false"],
  ]);

  const audit = await exportsOf(t);
  assert.equal(audit.length, 2);
  assert.equal(audit[1].target, "export:sales");
  assert.deepEqual(audit[1].details, {
    from: new Date(`${DAY}T00:00:00+08:00`).toISOString(),
    to: new Date(`${NEXT}T00:00:00+08:00`).toISOString(),
    storeId: null,
    lang: "zh-CN",
  });
  assert.equal(audit[0].details.storeId, t.stores.a2);
});

Deno.test("parking.csv masks plates with the district's rules and never writes ciphertext or blind index", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const plain = await csvText(await admin.get(`/api/v1/exports/parking.csv?${RANGE}`));
  assert.deepEqual(lines(plain), [["时间", "道闸", "方向", "车牌"], [`${DAY} 09:30:00`, "B1-in", "进场", "苏C****45"]]);
  await withTenant(
    t.db,
    t.a,
    (tx) => setMaskConfig(tx, appendAudit, { chosen: { maskChar: "•" }, actor: "user:test" }),
  );
  const text = await csvText(await admin.get(`/api/v1/exports/parking.csv?${RANGE}&lang=en-US`));
  assert.deepEqual(lines(text)[1], [`${DAY} 09:30:00`, "B1-in", "in", "苏C••••45"]);
  const stored = await withTenant(
    t.db,
    t.a,
    (tx) => tx.selectFrom("core.parking_events").select(["plate_enc", "plate_index"]).executeTakeFirstOrThrow(),
  );
  for (const secret of [stored.plate_enc, stored.plate_index, "D12345", "pii1."]) assert.ok(!text.includes(secret));
});

Deno.test("footfall.csv and metrics-daily.csv: counts per reading, and each day as the metrics API has it", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const footfall = await csvText(await admin.get(`/api/v1/exports/footfall.csv?${RANGE}&lang=en-US`));
  const rows = lines(footfall);
  assert.deepEqual(rows[0], ["at", "counterId", "zone", "storeId", "storeName", "in", "out"]);
  assert.deepEqual(rows.slice(1).sort(), [
    [`${DAY} 10:00:00`, "door-1", "1F", t.stores.a1, "甲一店", "12", "9"],
    [`${DAY} 10:00:00`, "gate-n", "1F", "", "", "40", "33"],
  ]);

  const from = `${daysAgo(5)}T00:00:00+08:00`;
  const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(`${NEXT}T00:00:00+08:00`)}`;
  const daily = lines(await csvText(await admin.get(`/api/v1/exports/metrics-daily.csv?${range}`)));
  assert.deepEqual(daily[0].slice(0, 8), [
    "日期",
    "客流(进)",
    "客流(出)",
    "成交笔数",
    "销售额(元)",
    "退款笔数",
    "退款额(元)",
    "净销售额(元)",
  ]);
  const metrics = await (await admin.get(`/api/v1/metrics/sales?${range}&granularity=day`)).json();
  const bucket = metrics.buckets[0];
  assert.deepEqual(daily.slice(1), [
    [daysAgo(5), "0", "0", "0", "0.00", "0", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"],
    [
      DAY,
      "40",
      "33",
      String(bucket.salesCount),
      "135.50",
      String(bucket.refundCount),
      "20.00",
      "115.50",
      "7.00",
      "0.00",
      "108.50",
      "0.00",
      "0.00",
    ],
  ]);
  assert.equal(bucket.netFen, 11_550, "the file's net sales are the API's");
  const entrances = await (await admin.get(`/api/v1/metrics/footfall?${range}&granularity=day&counters=district`))
    .json();
  assert.deepEqual(entrances.buckets.map((b: { in: number }) => b.in), [40], "footfall is the district's entrances");
});

Deno.test("a long export streams page after page, in time order, each receipt once", async () => {
  await using t = await datacenterSetup();
  const pos = await t.keyClient(t.a);
  const count = EXPORT_PAGE_ROWS + 321;
  const start = Date.parse(`${DAY}T09:00:00+08:00`);
  const events = Array.from({ length: count }, (_, i) => ({
    type: "sale",
    id: `s${i}`,
    storeId: t.stores.a1,
    receiptId: `R${String(i).padStart(5, "0")}`,
    amountFen: 100 + i,
    paymentMethod: "alipay",
    // Several receipts share a second: the page boundary falls inside a run of equal times.
    at: new Date(start + Math.floor(i / 7) * 1000).toISOString(),
  }));
  assert.equal((await pos.post("/api/v1/events", { events })).status, 200);
  const admin = await t.signIn(t.a, "operator_admin");
  const rows = lines(await csvText(await admin.get(`/api/v1/exports/sales.csv?${RANGE}`))).slice(1);
  assert.equal(rows.length, count);
  assert.equal(new Set(rows.map((r) => r[3])).size, count, "no receipt repeated or lost across pages");
  const times = rows.map((r) => r[0]);
  assert.deepEqual(times, [...times].sort(), "in time order");
});

Deno.test("store users export their own store only; parking is the district's; data:export is needed", async () => {
  await using t = await seeded();
  const owner = await t.signIn(t.a, "store_owner", t.stores.a1);
  const own = lines(await csvText(await owner.get(`/api/v1/exports/sales.csv?${RANGE}`)));
  assert.deepEqual(own.slice(1).map((r) => r[3]), ["R-1", "R-1R"]);
  const footfall = lines(await csvText(await owner.get(`/api/v1/exports/footfall.csv?${RANGE}`)));
  assert.deepEqual(footfall.slice(1).map((r) => r[1]), ["door-1"], "not the district's own counters");
  const daily = lines(await csvText(await owner.get(`/api/v1/exports/metrics-daily.csv?${RANGE}`)));
  assert.deepEqual(daily[1].slice(0, 8), [DAY, "12", "9", "1", "128.50", "1", "20.00", "108.50"]);

  assert.equal((await owner.get(`/api/v1/exports/sales.csv?${RANGE}&storeId=${t.stores.a2}`)).status, 403);
  assert.equal((await owner.get(`/api/v1/exports/parking.csv?${RANGE}`)).status, 403);
  const staff = await t.signIn(t.a, "operator_staff");
  assert.equal((await staff.get(`/api/v1/exports/sales.csv?${RANGE}`)).status, 403);
  const storeStaff = await t.signIn(t.a, "store_staff", t.stores.a1);
  assert.equal((await storeStaff.get(`/api/v1/exports/sales.csv?${RANGE}`)).status, 403);
  const { TestClient } = await import("../../../tests/support/http.ts");
  assert.equal((await new TestClient(t.app).get(`/api/v1/exports/sales.csv?${RANGE}`)).status, 401);
  assert.equal((await exportsOf(t)).length, 3, "only the downloads that happened are in the log");
});

Deno.test("ranges are checked, and another district's export holds none of this district's rows", async () => {
  await using t = await seeded();
  const admin = await t.signIn(t.a, "operator_admin");
  const backwards = await admin.get(
    `/api/v1/exports/sales.csv?from=${encodeURIComponent(`${NEXT}T00:00:00+08:00`)}&to=${
      encodeURIComponent(`${DAY}T00:00:00+08:00`)
    }`,
  );
  assert.equal(backwards.status, 422);
  assert.deepEqual((await backwards.json()).errors.map((e: { field: string }) => e.field), ["to"]);
  const long = await admin.get(
    `/api/v1/exports/sales.csv?from=2024-01-01T00:00:00%2B08:00&to=2025-06-01T00:00:00%2B08:00`,
  );
  assert.equal(long.status, 422);
  assert.equal((await admin.get(`/api/v1/exports/sales.csv?from=yesterday&to=today`)).status, 422);

  const adminB = await t.signIn(t.b, "operator_admin");
  const other = await csvText(await adminB.get(`/api/v1/exports/sales.csv?${RANGE}&lang=en-US`));
  assert.deepEqual(lines(other).slice(1).map((r) => [r[2], r[3]]), [["乙一店", "B-1"]]);
  const foreignStore = lines(
    await csvText(await adminB.get(`/api/v1/exports/sales.csv?${RANGE}&storeId=${t.stores.a1}`)),
  );
  assert.equal(foreignStore.length, 1, "naming district A's store gives district B nothing but the heading");
  assert.equal((await exportsOf(t)).length, 0, "district B's downloads are in its own log, not A's");
});

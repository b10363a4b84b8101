/**
 * The batch schema answers valid batches through zod's synchronous parse and everything else through the usual
 * asynchronous one: whatever the input, the outcome must be exactly what zod's asynchronous parse of the same schema
 * says (data for a valid batch, the same issues in the same order for an invalid one).
 */
import assert from "node:assert/strict";
import { z } from "zod";
import { batchSchema } from "./batch.ts";
import { coreIngestRegistry } from "./core-types.ts";
import { IngestRegistry } from "./event-type.ts";

const AT = new Date(Date.now() - 3_600_000).toISOString().replace("Z", "+00:00");
const STORE = "0196f1d2-7a3b-7c4d-8e5f-a1b2c3d4e5f6";

const sale = {
  type: "sale",
  id: "s1",
  storeId: STORE,
  receiptId: "R1",
  amountFen: 100,
  paymentMethod: "wechat",
  at: AT,
};
const footfall = { type: "footfall", id: "f1", counterId: "  door-1  ", zone: "1F", in: 3, out: 2, at: AT };
const parking = { type: "parking", id: "p1", gateId: "B1", plate: "苏C·D12345", direction: "in", at: AT };
const sensor = { type: "sensor", id: "t1", deviceId: "ahu", metric: "pm25", value: 12.5, at: AT };

const BATCHES: unknown[] = [
  { events: [sale] },
  { events: [sale, footfall, parking, sensor], extra: "dropped" },
  { events: Array.from({ length: 1_000 }, (_, i) => ({ ...sale, id: `s${i}`, refund: i % 7 === 0 })) },
  { events: [{ ...sale, channel: "online", refundOf: "R0", memberId: "M1", items: [{ quantity: 1, amountFen: 5 }] }] },
  { events: [sale, { ...sale, amountFen: 12.5 }, { ...sale, paymentMethod: "bitcoin" }] },
  { events: [{ ...parking, plate: "苏C·1234" }, { type: "weather", id: "w1", at: AT }] },
  { events: [{ ...sensor, metric: "noise_db", at: "yesterday" }, { ...sale, unknown: 1 }] },
  { events: [{ ...sale, at: new Date(Date.now() + 2 * 86_400_000).toISOString() }] },
  { events: [{ ...footfall, zone: "   " }, { ...sale, storeId: "not-a-uuid" }, null, 7, "x"] },
  { events: Array.from({ length: 5_001 }, (_, i) => ({ ...sensor, id: `t${i}` })) },
  { events: [] },
  { events: "none" },
  {},
  null,
  [sale],
];

Deno.test("the batch schema's answer is zod's asynchronous parse's answer, for valid and invalid batches", async () => {
  const schema = batchSchema(coreIngestRegistry());
  for (const [i, batch] of BATCHES.entries()) {
    const expected = await z.safeParseAsync(schema, batch);
    const actual = await schema.safeParseAsync(batch);
    assert.equal(actual.success, expected.success, `batch ${i}`);
    if (expected.success) assert.deepStrictEqual(actual.data, expected.data, `batch ${i}`);
    else assert.deepStrictEqual(actual.error?.issues, expected.error.issues, `batch ${i}`);
  }
});

Deno.test("a type with an asynchronous refinement is still validated, asynchronously", async () => {
  let checked = 0;
  const registry = new IngestRegistry().register({
    type: "remote",
    description: { zh: "远程校验", en: "Checked remotely" },
    fields: z.strictObject({
      code: z.string().refine(async (code) => {
        checked++;
        await Promise.resolve();
        return code !== "bad";
      }, "unknown code"),
    }),
    store: "none",
    insert: () => Promise.resolve([]),
    rollupHourly: () => Promise.resolve([]),
  });
  const schema = batchSchema(registry);
  const good = await schema.safeParseAsync({ events: [{ type: "remote", id: "r1", code: "ok" }] });
  assert.deepStrictEqual(good.data, { events: [{ type: "remote", id: "r1", code: "ok" }] });
  const bad = await schema.safeParseAsync({ events: [{ type: "remote", id: "r2", code: "bad" }] });
  assert.equal(bad.success, false);
  assert.deepStrictEqual(bad.error?.issues.map((issue) => [issue.path.join("."), issue.message]), [
    ["events.0.code", "unknown code"],
  ]);
  assert.ok(checked >= 2, "the refinement ran");
});

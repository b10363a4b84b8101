import assert from "node:assert/strict";
import type { Transaction } from "kysely";
import type { AuditEntryInput, AuditSink } from "../audit/types.ts";
import type { CoreDatabase } from "../db/schema.ts";
import { parseMaskConfig } from "./masking.ts";
import { canReveal, reveal, revealPermission, type RevealRequest } from "./reveal.ts";

// reveal only hands the transaction on to the audit sink; these tests watch what the sink receives.
const tx = {} as Transaction<CoreDatabase>;

function recordingSink(): { sink: AuditSink; entries: AuditEntryInput[]; transactions: unknown[] } {
  const entries: AuditEntryInput[] = [];
  const transactions: unknown[] = [];
  return {
    entries,
    transactions,
    sink: (t, entry) => {
      transactions.push(t);
      entries.push(entry);
      return Promise.resolve();
    },
  };
}

const request: RevealRequest = {
  type: "phone",
  value: "13812345678",
  permissions: new Set(["pii:read:phone", "member:read"]),
  actor: "user:0190a0c4-0000-7000-8000-000000000001",
  target: "member:0190a0c4-0000-7000-8000-000000000002",
  purpose: "call back about a lost item",
};

Deno.test("with pii:read:<type> the clear value is returned and the reveal is audited without the value", async () => {
  const { sink, entries, transactions } = recordingSink();
  assert.deepEqual(await reveal(tx, sink, request), { value: "13812345678", revealed: true });
  assert.deepEqual(entries, [{
    actor: request.actor,
    action: "pii.reveal",
    target: request.target,
    details: { type: "phone", purpose: "call back about a lost item" },
  }]);
  assert.equal(transactions[0], tx, "the audit entry is written in the caller's transaction");
  assert.ok(!JSON.stringify(entries).includes("13812345678"));
  assert.ok(!JSON.stringify(entries).includes("5678"));
});

Deno.test("without the permission the masked value is returned and nothing is audited", async () => {
  const { sink, entries } = recordingSink();
  for (
    const permissions of [
      new Set<string>(),
      ["member:read"],
      ["pii:read:idNumber"], // another type
      ["pii:read"], // a prefix is not the permission
      ["pii:read:*"], // no wildcards
      ["PII:READ:PHONE"],
      ["pii:read:phone "],
    ]
  ) {
    assert.deepEqual(await reveal(tx, sink, { ...request, permissions }), { value: "138****5678", revealed: false });
  }
  assert.deepEqual(entries, []);
});

Deno.test("the masked answer follows the tenant's masking rules", async () => {
  const { sink } = recordingSink();
  const maskConfig = parseMaskConfig({ plate: { keepStart: 1, keepEnd: 0 } });
  const result = await reveal(tx, sink, { ...request, type: "plate", value: "苏C12345", permissions: [], maskConfig });
  assert.deepEqual(result, { value: "苏******", revealed: false });
});

Deno.test("a clear reveal needs an actor, a target and a purpose", async () => {
  const { sink, entries } = recordingSink();
  await assert.rejects(reveal(tx, sink, { ...request, purpose: "  " }), /revealing phone in clear needs a purpose/);
  await assert.rejects(reveal(tx, sink, { ...request, actor: "" }), /needs an actor/);
  await assert.rejects(reveal(tx, sink, { ...request, target: "" }), /needs a target/);
  await assert.rejects(
    reveal(tx, sink, { ...request, type: "passport" as never }),
    /unknown personal information type/,
  );
  assert.deepEqual(entries, []);
});

Deno.test("when the audit entry cannot be written, the clear value is not returned", async () => {
  const failing: AuditSink = () => Promise.reject(new Error("audit log unavailable"));
  await assert.rejects(reveal(tx, failing, request), /audit log unavailable/);
});

Deno.test("permission names are pii:read:<type>", () => {
  assert.equal(revealPermission("idNumber"), "pii:read:idNumber");
  assert.equal(canReveal(["pii:read:idNumber"], "idNumber"), true);
  assert.equal(canReveal(new Set(["pii:read:idNumber"]), "phone"), false);
});

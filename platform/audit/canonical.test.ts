import assert from "node:assert/strict";
import { canonicalJson, entryHash, entryText, GENESIS_HASH, normaliseDetails } from "./canonical.ts";

Deno.test("canonical JSON sorts keys at every depth and writes no whitespace", () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [3, { z: null, y: "é" }], c: true }, B: "x" }),
    '{"B":"x","a":{"c":true,"d":[3,{"y":"é","z":null}]},"b":1}',
  );
  assert.equal(canonicalJson({ skip: undefined, list: [undefined] }), '{"list":[null]}');
  assert.throws(() => canonicalJson({ n: Number.NaN }), /no encoding/);
  assert.throws(() => canonicalJson({ n: Infinity }), /no encoding/);
  assert.throws(() => canonicalJson({ f: () => 1 }), /no encoding/);
});

Deno.test("details are normalised to what jsonb gives back", () => {
  assert.deepEqual(normaliseDetails(undefined), {});
  assert.deepEqual(normaliseDetails({ when: new Date("2025-01-02T03:04:05.006Z"), gone: undefined }), {
    when: "2025-01-02T03:04:05.006Z",
  });
});

Deno.test("the entry encoding is pinned: these bytes and this hash must never change", async () => {
  const entry = {
    tenantId: "01890a5d-ac96-774b-bcce-b302099a8057",
    seq: 1,
    at: new Date("2025-01-01T00:00:00.000Z"),
    actor: "user:42",
    action: "pii.reveal",
    target: "member:7",
    details: { type: "phone", 理由: "投诉处理" },
    prevHash: GENESIS_HASH,
  };
  assert.equal(
    entryText(entry),
    '{"action":"pii.reveal","actor":"user:42","at":"2025-01-01T00:00:00.000Z",' +
      '"details":{"type":"phone","理由":"投诉处理"},"prev":"' + GENESIS_HASH + '","seq":1,' +
      '"target":"member:7","tenant":"01890a5d-ac96-774b-bcce-b302099a8057"}',
  );
  assert.equal(await entryHash(entry), "2f182124dd54a331770cb587e8c53252c6788e836cf637fee0ff7152b73de3ca");
  assert.equal(
    entryText({ ...entry, tenantId: null, target: null, details: {} }),
    '{"action":"pii.reveal","actor":"user:42","at":"2025-01-01T00:00:00.000Z","details":{},"prev":"' +
      GENESIS_HASH + '","seq":1,"target":null,"tenant":null}',
  );
});

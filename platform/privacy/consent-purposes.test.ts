import assert from "node:assert/strict";
import {
  ConsentPurposeRegistry,
  consentPurposes,
  createConsentPurposeRegistry,
  UnknownConsentPurposeError,
} from "./consent-purposes.ts";

Deno.test("the platform registry knows the three core purposes", () => {
  assert.deepEqual(consentPurposes.list().map((p) => p.id), ["marketing", "location_push", "partner_sharing"]);
  assert.equal(consentPurposes.get("marketing").name.zh, "精准营销");
});

Deno.test("plugins add purposes; ids are checked and unique", () => {
  const registry = createConsentPurposeRegistry();
  registry.register({ id: "parking.reservation_reminders", name: { zh: "预约提醒", en: "Reservation reminders" } });
  assert.equal(registry.has("parking.reservation_reminders"), true);
  assert.throws(
    () => registry.register({ id: "marketing", name: { zh: "x", en: "x" } }),
    /registered twice/,
  );
  for (const id of ["Marketing", "push!", "", ".x", "a..b", "x".repeat(65)]) {
    assert.throws(() => new ConsentPurposeRegistry().register({ id, name: { zh: "x", en: "x" } }), /purpose id/);
  }
});

Deno.test("an unknown purpose is an error, not a silent no", () => {
  assert.throws(() => consentPurposes.get("marketting"), UnknownConsentPurposeError);
});

import assert from "node:assert/strict";
import { sql } from "kysely";
import {
  checkRetentionDays,
  RetentionBelowMinimumError,
  type RetentionDataClass,
  RetentionRegistry,
  UnknownDataClassError,
} from "./retention-classes.ts";

const plates: RetentionDataClass = {
  id: "raw_plate_events",
  table: "plugin_parking.plate_events",
  timeColumn: "seen_at",
  action: "delete",
  defaultDays: 30,
  minimumDays: 7,
};

Deno.test("a registered class is found by id; an unknown one is a typed error", () => {
  const registry = new RetentionRegistry();
  registry.register(plates);
  assert.equal(registry.get("raw_plate_events"), plates);
  assert.deepEqual(registry.list().map((c) => c.id), ["raw_plate_events"]);
  assert.throws(() => registry.get("raw_footfall"), UnknownDataClassError);
  assert.throws(() => registry.register(plates), /registered twice/);
});

Deno.test("access logs cannot be registered with a minimum below the legal 60 days", () => {
  const registry = new RetentionRegistry();
  const accessLogs = {
    id: "access_logs",
    table: "core.wifi_access_logs",
    timeColumn: "at",
    action: "delete",
    defaultDays: 30,
    minimumDays: 30,
  } as const;
  assert.throws(
    () => registry.register(accessLogs),
    (error) =>
      error instanceof RetentionBelowMinimumError && error.minimumDays === 60 &&
      /must be at least 60 days \(《商场数字化服务管理规范》5\.1\.2/.test(error.message),
  );
  registry.register({ ...accessLogs, minimumDays: 60, defaultDays: 90 });
  assert.throws(() => checkRetentionDays(registry.get("access_logs"), 59), /at least 60 days.*got 59/);
  checkRetentionDays(registry.get("access_logs"), 60);
});

Deno.test("a default below the class's own minimum, or not a whole number of days, is refused", () => {
  assert.throws(() => new RetentionRegistry().register({ ...plates, defaultDays: 5 }), RetentionBelowMinimumError);
  assert.throws(() => new RetentionRegistry().register({ ...plates, defaultDays: 7.5 }), /whole number/);
  assert.throws(() => new RetentionRegistry().register({ ...plates, minimumDays: 0 }), /minimumDays/);
});

Deno.test("names are checked: lower-case id, schema-qualified table, plain column", () => {
  const bad: Partial<RetentionDataClass>[] = [
    { id: "Raw-Plates" },
    { table: "plate_events" },
    { table: "plugin_parking.plate_events; drop table x" },
    { timeColumn: "seen_at desc" },
  ];
  for (const change of bad) {
    assert.throws(() => new RetentionRegistry().register({ ...plates, ...change }), Error, JSON.stringify(change));
  }
});

Deno.test("anonymise needs a function or a non-empty set-list that leaves tenant and time columns alone", () => {
  const anonymised = { ...plates, action: "anonymise" as const };
  assert.throws(() => new RetentionRegistry().register(anonymised), /needs an anonymise/);
  assert.throws(() => new RetentionRegistry().register({ ...anonymised, anonymise: {} }), /empty/);
  assert.throws(() => new RetentionRegistry().register({ ...anonymised, anonymise: { tenant_id: null } }), /tenant_id/);
  assert.throws(() => new RetentionRegistry().register({ ...anonymised, anonymise: { seen_at: null } }), /seen_at/);
  assert.throws(() => new RetentionRegistry().register({ ...plates, anonymise: { plate: null } }), /takes no/);
  new RetentionRegistry().register({ ...anonymised, anonymise: { plate: sql`left(plate, 2)`, member_id: null } });
  new RetentionRegistry().register({ ...anonymised, anonymise: () => Promise.resolve(0) });
});

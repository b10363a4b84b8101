/**
 * scripts/audit-verify.ts end to end, as a separate process: against the PostgreSQL test database when
 * DATABASE_URL is set, otherwise against an embedded database folder.
 */
import assert from "node:assert/strict";
import { sql } from "kysely";
import { type Database, openDatabase } from "../db/database.ts";
import { allMigrations } from "../db/all-migrations.ts";
import { dependencyOrder } from "../plugins/validate.ts";
import { installedPlugins } from "../../plugins/mod.ts";
import { migrate } from "../db/migrations.ts";
import { withPlatform, withTenant } from "../db/tenant.ts";
import { openTestDatabase } from "../../tests/support/test-db.ts";
import { createTestTenants } from "../../tests/support/tenants.ts";
import { appendAudit, appendPlatformAudit } from "./audit-log.ts";
import { recordCheckpoint } from "./record-checkpoint.ts";
import { generateSigningKey } from "./signing-key.ts";
import { asAttacker, postgresUrlOf, recomputeTenantChain } from "./test-helpers.ts";

const REPO = new URL("../../", import.meta.url);
const SCRIPT = new URL("scripts/audit-verify.ts", REPO);

async function runCli(env: Record<string, string>, args: string[] = []) {
  const inherited = Deno.env.toObject();
  for (const name of ["DATABASE_URL", "DATA_DIR", "AUDIT_SIGNING_KEY"]) delete inherited[name];
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SCRIPT.pathname, ...args],
    cwd: REPO.pathname,
    env: { ...inherited, ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: output.code, stdout: decode(output.stdout), stderr: decode(output.stderr) };
}

/** Two districts with a few entries each, a platform entry, and signed checkpoints for today. */
async function populate(database: Database, key: Awaited<ReturnType<typeof generateSigningKey>>["key"]) {
  const [a, b] = await createTestTenants(database, 2);
  for (const tenant of [a, b]) {
    await withTenant(database.db, tenant, async (tx) => {
      for (let i = 0; i < 5; i++) await appendAudit(tx, { actor: "user:1", action: "member.view", details: { i } });
    });
  }
  await withPlatform(
    database.db,
    { actor: "user:admin", purpose: "test" },
    (tx) => appendPlatformAudit(tx, { actor: "user:admin", action: "tenant.create" }),
  );
  const platform = <T>(purpose: string, fn: Parameters<typeof withPlatform<T>>[2]) =>
    withPlatform(database.db, { actor: "job:core.audit-checkpoint", purpose }, fn);
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  for (const tenant of [a, b]) await recordCheckpoint(platform, tenant, { key, now: tomorrow });
  return { a, b };
}

/** District B's history rewritten from seq 3 on, every hash recomputed. */
function rewriteB(database: Database, b: string) {
  return asAttacker(database.db, async (tx) => {
    await sql`update core.audit_log set actor = 'user:nobody' where tenant_id = ${b} and seq = 3`.execute(tx);
    await recomputeTenantChain(tx, b);
  });
}

function assertIntact(result: Awaited<ReturnType<typeof runCli>>) {
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split("\n");
  assert.equal(lines.length, 3);
  assert.match(lines[0], /^ok\s+platform\s+1 entries/);
  assert.match(lines[1], /^ok\s+district-a\s+5 entries, 1 checkpoints/);
  assert.match(lines[2], /^ok\s+district-b\s+5 entries, 1 checkpoints/);
}

function assertBrokenB(result: Awaited<ReturnType<typeof runCli>>) {
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /^ok\s+district-a/m);
  assert.match(result.stdout, /^BROKEN\s+district-b\s+seq 5: checkpoint mismatch/m);
  assert.match(result.stderr, /audit chain broken: district-b at seq 5 \(checkpoint mismatch\)/);
}

/** The suite runs once per database; each run registers the CLI test for its own database. */
function testOn(kind: "postgres" | "pglite", definition: Deno.TestDefinition): void {
  if ((Deno.env.get("DATABASE_URL") ? "postgres" : "pglite") === kind) Deno.test(definition);
}

testOn("postgres", {
  name: "audit-verify against PostgreSQL: intact, then a rewritten district is named",
  fn: async () => {
    await using database = await openTestDatabase();
    const { key, pkcs8Base64 } = await generateSigningKey();
    const { b } = await populate(database, key);
    const env = { DATABASE_URL: await postgresUrlOf(database.db, Deno.env.get("DATABASE_URL")!) };
    assertIntact(await runCli({ ...env, AUDIT_SIGNING_KEY: pkcs8Base64 }));
    await rewriteB(database, b);
    assertBrokenB(await runCli({ ...env, AUDIT_SIGNING_KEY: pkcs8Base64 }));
    // An auditor with only the public key gets the same answer.
    assertBrokenB(await runCli(env, ["--public-key", key.publicKey.spkiBase64]));
    // Without any key the signed heads are still compared, and the output says signatures were not checked.
    const unsigned = await runCli(env);
    assert.equal(unsigned.code, 1);
    assert.match(unsigned.stderr, /signatures were not checked/);
    const one = await runCli(env, ["--tenant", "district-a"]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout.trim().split("\n").length, 1);
    const missing = await runCli(env, ["--tenant=nowhere"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no tenant "nowhere"/);
  },
});

testOn("pglite", {
  name: "audit-verify against an embedded database folder: intact, then a rewritten district is named",
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "audit-verify-" });
    try {
      const { key, pkcs8Base64 } = await generateSigningKey();
      let database = await openDatabase({ dataDir: dir });
      let b: string;
      try {
        await migrate(database.db, await allMigrations(dependencyOrder(installedPlugins)));
        ({ b } = await populate(database, key));
      } finally {
        await database.close();
      }
      // The embedded database is one process's at a time: the test closes it before each run of the script.
      assertIntact(await runCli({ DATA_DIR: dir, AUDIT_SIGNING_KEY: pkcs8Base64 }));
      database = await openDatabase({ dataDir: dir });
      try {
        await rewriteB(database, b);
      } finally {
        await database.close();
      }
      assertBrokenB(await runCli({ DATA_DIR: dir, AUDIT_SIGNING_KEY: pkcs8Base64 }));
      const one = await runCli({ DATA_DIR: dir }, ["--tenant", "district-a", "--public-key", key.publicKey.spkiBase64]);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, /^ok\s+district-a\s+5 entries, 1 checkpoints/);
      const nowhere = await runCli({ DATA_DIR: `${dir}/missing` });
      assert.equal(nowhere.code, 2);
      assert.match(nowhere.stderr, /no embedded database/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

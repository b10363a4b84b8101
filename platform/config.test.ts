import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("defaults give an embedded database, in-process jobs and port 8000", () => {
  const config = loadConfig({});
  assert.equal(config.PORT, 8000);
  assert.equal(config.DATABASE_URL, undefined);
  assert.equal(config.REDIS_URL, undefined);
  assert.equal(config.DATA_DIR, ".data");
  assert.equal(config.JOB_WORKERS, "embedded");
});

Deno.test("variables and flags are read, flags win", () => {
  const config = loadConfig(
    {
      PORT: "9000",
      DATABASE_URL: "postgres://app@db:5432/district",
      REDIS_URL: "redis://cache:6379",
    },
    ["--port", "9100"],
  );
  assert.equal(config.PORT, 9100);
  assert.equal(config.DATABASE_URL, "postgres://app@db:5432/district");
  assert.equal(config.REDIS_URL, "redis://cache:6379");
});

Deno.test("a malformed DATABASE_URL is refused with a message naming it and hiding the password", () => {
  assert.throws(
    () => loadConfig({ DATABASE_URL: "mysql://root:secret@localhost/db" }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /^DATABASE_URL must look like postgres:\/\//);
      assert.ok(!error.message.includes("secret"), error.message);
      return true;
    },
  );
  assert.throws(
    () => loadConfig({ DATABASE_URL: "postgres://host-without-database" }),
    /DATABASE_URL/,
  );
});

Deno.test("bad values name their variable", () => {
  assert.throws(() => loadConfig({ PORT: "eighty" }), /^ConfigError: PORT/);
  assert.throws(() => loadConfig({ PORT: "70000" }), /PORT must be 1–65535/);
  assert.throws(
    () => loadConfig({ REDIS_URL: "localhost:6379" }),
    /REDIS_URL must look like redis:/,
  );
  assert.throws(
    () => loadConfig({ LOG_LEVEL: "verbose" }),
    /LOG_LEVEL must be one of debug, info, warn, error/,
  );
  assert.throws(
    () => loadConfig({ JOB_WORKERS: "some" }),
    /JOB_WORKERS must be embedded or none/,
  );
});

Deno.test("an unknown option is refused and the help lists the known ones", () => {
  assert.throws(() => loadConfig({}, ["--prot", "8000"]), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /Unknown or malformed option: .*--prot/);
    assert.match(error.message, /--port \(PORT\)/);
    return true;
  });
  assert.throws(() => loadConfig({}, ["extra"]), /Unknown or malformed option/);
});

Deno.test("secrets are checked but never echoed", () => {
  assert.throws(() => loadConfig({ MASTER_KEYS: "k1:c2hvcnQ=" }), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /^MASTER_KEYS key "k1" must be 32 bytes/);
    assert.ok(!error.message.includes("c2hvcnQ="), error.message);
    return true;
  });
  const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
  assert.equal(loadConfig({ MASTER_KEYS: `k2:${key}` }).MASTER_KEYS, `k2:${key}`);
});

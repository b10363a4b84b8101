/**
 * `npm start` as a user runs it: a fresh database is created and migrated, the demo districts are provisioned,
 * /healthz answers, SIGTERM stops it cleanly, and a restart keeps the data. Runs on PGlite in a temporary folder,
 * or on a new empty PostgreSQL database (and Redis) when the suite is pointed at servers.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { createEmptyPostgresDatabase } from "./support/test-db.ts";
import { generateMasterKeyEntry } from "../platform/privacy/encryption/master-keys.ts";
import { generateSigningKey } from "../platform/audit/signing-key.ts";
import { DEMO_PASSWORD } from "../platform/identity/demo-accounts.ts";

const START = new URL("../scripts/start.ts", import.meta.url).pathname;

function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

interface Started {
  port: number;
  child: Deno.ChildProcess;
  stdout: Promise<string>;
  stderr: Promise<string>;
}

function start(env: Record<string, string>, args: string[] = []): Started {
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", START, ...args],
    env: { ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();
  return { port, child, stdout: text(child.stdout), stderr: text(child.stderr) };
}

async function waitHealthy(started: Started): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  started.child.status.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`http://127.0.0.1:${started.port}/healthz`);
      const body = await res.json();
      if (res.status === 200) return body;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not become healthy:\n${await started.stderr}`);
}

async function stop(started: Started) {
  started.child.kill("SIGTERM");
  const status = await started.child.status;
  const lines = (await started.stdout).split("\n").filter(Boolean).map((line) => JSON.parse(line));
  return { status, lines, stderr: await started.stderr };
}

async function environment(): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  const base: Record<string, string> = { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" };
  const adminUrl = Deno.env.get("DATABASE_URL");
  const redisUrl = Deno.env.get("REDIS_URL");
  if (!adminUrl) {
    const dir = await Deno.makeTempDir({ prefix: "district-start-" });
    return { env: { ...base, DATA_DIR: dir }, cleanup: () => Deno.remove(dir, { recursive: true }) };
  }
  const empty = await createEmptyPostgresDatabase(adminUrl);
  const prefix = `start-test-${crypto.randomUUID().slice(0, 8)}`;
  const keys = {
    MASTER_KEYS: generateMasterKeyEntry("k1"),
    AUDIT_SIGNING_KEY: (await generateSigningKey()).pkcs8Base64,
  };
  return {
    env: {
      ...base,
      ...keys,
      DATABASE_URL: empty.url,
      ...(redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: prefix } : {}),
    },
    cleanup: async () => {
      await empty.drop();
      if (redisUrl) {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      }
    },
  };
}

Deno.test("npm start: fresh database, demo districts, /healthz, clean stop, data kept on restart", async () => {
  const { env, cleanup } = await environment();
  try {
    const first = start(env);
    const health = await waitHealthy(first);
    assert.equal(health.status, "ok");
    assert.equal((health.database as { kind: string }).kind, env.DATABASE_URL ? "postgres" : "pglite");
    assert.equal((health.jobs as { kind: string }).kind, env.REDIS_URL ? "bullmq" : "in-process");
    const home = await fetch(`http://127.0.0.1:${first.port}/`);
    assert.match(await home.text(), /智慧商圈平台/);
    const signIn = await fetch(`http://127.0.0.1:${first.port}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "xuzhou-admin", password: DEMO_PASSWORD }),
    });
    assert.equal(signIn.status, 200, "the printed demo sign-in works");
    assert.equal((await signIn.json()).roles[0].id, "operator_admin");
    const one = await stop(first);
    assert.equal(one.status.code, 0, one.stderr);
    assert.match(one.stderr, new RegExp(`URL +http://localhost:${first.port}`));
    assert.match(one.stderr, new RegExp(`Demo sign-ins \\(password ${DEMO_PASSWORD}\\)`));
    assert.match(one.stderr, /xuzhou-admin +商圈管理员/);
    const provisioned = one.lines.find((l) => l.msg === "tenants provisioned");
    assert.deepEqual(provisioned?.created, ["beijing-wangfujing", "xuzhou-pengcheng"]);
    assert.ok(one.lines.some((l) => l.msg === "stopped"));
    assert.ok(one.lines.every((l) => typeof l.time === "string" && typeof l.level === "string"));

    const second = start(env);
    await waitHealthy(second);
    const two = await stop(second);
    assert.equal(two.status.code, 0, two.stderr);
    assert.equal(two.lines.find((l) => l.msg === "database ready")?.migrationsApplied, 0);
    const again = two.lines.find((l) => l.msg === "tenants provisioned");
    assert.deepEqual({ created: again?.created, unchanged: again?.unchanged }, { created: [], unchanged: 2 });
  } finally {
    await cleanup();
  }
});

Deno.test("bad configuration stops start-up with one message naming the variable", async () => {
  const base = { PATH: Deno.env.get("PATH") ?? "" };
  for (
    const [env, args, expected] of [
      [
        { DATABASE_URL: "mysql://root:pw@localhost/shop" },
        [],
        /^Configuration error: DATABASE_URL must look like postgres:/,
      ],
      [{}, ["--prot", "8000"], /^Configuration error: Unknown or malformed option: .*--prot/],
      [{ REDIS_URL: "localhost" }, [], /^Configuration error: REDIS_URL must look like redis:/],
      [
        { DATABASE_URL: "postgres://nobody:pw@127.0.0.1:1/none" },
        [],
        /^Configuration error: MASTER_KEYS must be set when DATABASE_URL is set/,
      ],
    ] as const
  ) {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", START, ...args],
      env: { ...base, ...env },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    });
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 2, stderr);
    assert.match(stderr, expected);
    assert.ok(!/\bat .*\.ts:\d+/.test(stderr), `no stack trace expected:\n${stderr}`);
    assert.ok(!stderr.includes(":pw@"), "the password is not echoed");
  }
});

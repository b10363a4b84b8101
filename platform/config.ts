/**
 * Runtime configuration from environment variables and command-line flags, validated once at start-up.
 * A bad value stops the process with one message naming the variable, never a stack trace.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseMasterKeys } from "./privacy/encryption/master-keys.ts";

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") &&
      url.hostname !== "" &&
      url.pathname.length > 1;
  } catch {
    return false;
  }
}, "must look like postgres://user@host:5432/database");

const redisUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "redis:" || url.protocol === "rediss:") &&
      url.hostname !== "";
  } catch {
    return false;
  }
}, "must look like redis://host:6379");

const port = z.coerce.number().int("must be a whole number").min(
  1,
  "must be 1–65535",
).max(
  65535,
  "must be 1–65535",
);

/** Each variable, its validation, and its meaning (shown by `--help` and kept in step with the README). */
const VARIABLES = {
  PORT: {
    schema: port.default(8000),
    help: "HTTP port of the web server (default 8000)",
  },
  HOST: {
    schema: z.string().min(1).default("0.0.0.0"),
    help: "address to listen on (default 0.0.0.0)",
  },
  DATABASE_URL: {
    schema: postgresUrl.optional(),
    help: "PostgreSQL server; when unset, an embedded database (PGlite) is kept in DATA_DIR",
  },
  DATA_DIR: {
    schema: z.string().min(1).default(".data"),
    help: "folder of the embedded database (default .data)",
  },
  REDIS_URL: {
    schema: redisUrl.optional(),
    help: "Redis for BullMQ jobs; when unset, jobs run in-process",
  },
  REDIS_PREFIX: {
    schema: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, "must be letters, digits, - or _").default("district"),
    help: "prefix of the job queue's Redis keys, to share one Redis between environments (default district)",
  },
  JOB_WORKERS: {
    schema: z.enum(["embedded", "none"], { error: "must be embedded or none" })
      .default("embedded"),
    help: "embedded: this process also runs jobs; none: only `deno task worker` processes run them",
  },
  LOG_LEVEL: {
    schema: z.enum(LOG_LEVELS, {
      error: `must be one of ${LOG_LEVELS.join(", ")}`,
    }).default("info"),
    help: "lowest level written to the JSON-line log (default info)",
  },
  MASTER_KEYS: {
    // Checked by the same parser that later reads the keys, so the message names the bad entry, never the key.
    schema: z.string().superRefine((value, ctx) => {
      try {
        parseMasterKeys(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message.replace(/^MASTER_KEYS /, "") });
      }
    }).optional(),
    help: "keys that wrap each district's data keys, as id:base64,…, newest first; required with DATABASE_URL " +
      "(the embedded set-up makes development keys in DATA_DIR)",
  },
  AUDIT_SIGNING_KEY: {
    schema: z.string().min(40, "must be an Ed25519 private key, PKCS8 in base64 or PEM").optional(),
    help: "Ed25519 key that signs the daily audit checkpoints; required with DATABASE_URL " +
      "(`openssl genpkey -algorithm ed25519`)",
  },
  DEMO_DATA: {
    schema: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
    help: "provision the demo districts from tenants/ at start (default on)",
  },
} as const;

type Variables = typeof VARIABLES;
export type Config = {
  [K in keyof Variables]: z.output<Variables[K]["schema"]>;
};
export type ConfigName = keyof Variables;

/** Command-line flags that override variables, e.g. `--port 8001`. */
const FLAGS: Record<string, ConfigName> = {
  port: "PORT",
  host: "HOST",
  "database-url": "DATABASE_URL",
  "data-dir": "DATA_DIR",
  "redis-url": "REDIS_URL",
  "redis-prefix": "REDIS_PREFIX",
  "job-workers": "JOB_WORKERS",
  "log-level": "LOG_LEVEL",
  "demo-data": "DEMO_DATA",
  "master-keys": "MASTER_KEYS",
  "audit-signing-key": "AUDIT_SIGNING_KEY",
};

export function configHelp(): string {
  const lines = Object.entries(VARIABLES).map(([name, v]) => `  ${name.padEnd(14)} ${v.help}`);
  const flags = Object.entries(FLAGS).map(([flag, name]) => `--${flag} (${name})`).join(", ");
  return `Environment variables:\n${lines.join("\n")}\nFlags: ${flags}`;
}

/** Reads the configuration; throws ConfigError naming the first bad variable or flag. */
export function loadConfig(
  env: Record<string, string | undefined>,
  args: string[] = [],
): Config {
  const raw: Record<string, string | undefined> = {};
  for (const name of Object.keys(VARIABLES)) {
    const value = env[name];
    raw[name] = value === undefined || value.trim() === "" ? undefined : value.trim();
  }
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: Object.fromEntries(
        Object.keys(FLAGS).map((flag) => [flag, { type: "string" as const }]),
      ),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `Unknown or malformed option: ${message.split("\n")[0]}\n${configHelp()}`,
    );
  }
  for (const [flag, value] of Object.entries(parsed.values)) {
    if (typeof value === "string") raw[FLAGS[flag]] = value;
  }
  const config: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(VARIABLES)) {
    const result = (variable.schema as z.ZodType).safeParse(raw[name]);
    if (!result.success) {
      const shown = raw[name] === undefined ? "unset" : `"${redact(name, raw[name]!)}"`;
      throw new ConfigError(
        `${name} ${result.error.issues[0].message} (got ${shown})`,
      );
    }
    config[name] = result.data;
  }
  return config as Config;
}

/** Hides passwords in connection URLs so the error message can be logged safely. */
function redact(name: string, value: string): string {
  if (name === "MASTER_KEYS" || name === "AUDIT_SIGNING_KEY") return "<hidden>";
  if (!name.endsWith("_URL")) return value;
  return value.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

/** Loads the configuration for a command-line entry point, exiting with the message on error. */
export function configFromProcess(): Config {
  try {
    return loadConfig(Deno.env.toObject(), Deno.args);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      Deno.exit(2);
    }
    throw error;
  }
}

/** `npm start`: the web server with everything it needs, on the embedded database unless configured. */
import { bootPlatform, createApp } from "../platform/boot.ts";
import { configFromProcess } from "../platform/config.ts";
import { DataDirInUseError } from "../platform/db/data-dir-lock.ts";
import { createLogger } from "../platform/log.ts";
import { onShutdown } from "./shutdown.ts";
import { installedPlugins } from "../plugins/mod.ts";
import { MasterKeyError } from "../platform/privacy/encryption/master-keys.ts";
import { SigningKeyError } from "../platform/audit/signing-key.ts";
import { DEMO_PASSWORD } from "../platform/identity/demo-accounts.ts";
import { type Role, ROLE_NAMES } from "../platform/identity/permissions.ts";
import { UiBuildError, uiBundle } from "../platform/ui/mod.ts";

const config = configFromProcess();
const log = createLogger(config.LOG_LEVEL, { service: "web" });

let platform;
try {
  platform = await bootPlatform(config, log, "web", installedPlugins);
} catch (error) {
  if (error instanceof DataDirInUseError || error instanceof MasterKeyError || error instanceof SigningKeyError) {
    console.error(`Configuration error: ${error.message}`);
    Deno.exit(error instanceof DataDirInUseError ? 1 : 2);
  }
  log.error("start-up failed", { error });
  console.error(`Start-up failed: ${error instanceof Error ? error.message : error}`);
  Deno.exit(1);
}

// The web console's browser bundle is built (or found in .data/ui-build/) before serving, so a broken island
// stops start-up here with the bundler's message instead of failing on some visitor's first page.
try {
  await uiBundle();
} catch (error) {
  await platform.close().catch(() => {});
  console.error(`Start-up failed: ${error instanceof UiBuildError ? error.message : error}`);
  Deno.exit(1);
}

const app = createApp({
  database: platform.database,
  jobs: platform.jobs,
  log,
  keys: platform.keys,
  auditPublicKey: platform.auditKey.publicKey,
  plugins: platform.plugins,
});
const server = Deno.serve({ port: config.PORT, hostname: config.HOST, onListen: () => {} }, app.fetch);
const url = `http://localhost:${config.PORT}`;
log.info("listening", { url, database: platform.database.description, jobs: platform.jobs.kind });
// The banner goes to stderr so stdout stays pure JSON lines for log collectors.
console.error(
  [
    "",
    "  智慧商圈平台 · District platform is running",
    `  URL        ${url}`,
    `  Console    ${url}/console  (stores register at ${url}/register)`,
    `  API docs   ${url}/api/docs`,
    `  Health     ${url}/healthz`,
    `  Database   ${platform.database.description}${platform.database.kind === "pglite" ? " (embedded)" : ""}`,
    `  Jobs       ${platform.jobs.kind}${config.JOB_WORKERS === "none" ? " (processed by `deno task worker`)" : ""}`,
    ...(platform.demoAccounts.length
      ? [
        "",
        `  Demo sign-ins (password ${DEMO_PASSWORD}):`,
        ...platform.demoAccounts.map((a) =>
          `    ${a.login.padEnd(16)} ${ROLE_NAMES[a.role as Role].zh} · ${ROLE_NAMES[a.role as Role].en}${
            a.district ? ` — ${a.district}` : a.bureau ? ` — ${a.bureau}` : ""
          }`
        ),
      ]
      : []),
    "",
  ].join("\n"),
);

onShutdown(log, async () => {
  await server.shutdown();
  await platform.close();
});

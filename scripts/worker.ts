/** `deno task worker`: BullMQ workers in their own process, for set-ups with Redis and PostgreSQL. */
import { bootPlatform } from "../platform/boot.ts";
import { configFromProcess } from "../platform/config.ts";
import { createLogger } from "../platform/log.ts";
import { onShutdown } from "./shutdown.ts";
import { installedPlugins } from "../plugins/mod.ts";

const config = configFromProcess();
if (!config.REDIS_URL || !config.DATABASE_URL) {
  console.error(
    "Configuration error: `deno task worker` needs REDIS_URL and DATABASE_URL. " +
      "Without them, jobs run inside `npm start` on the embedded database.",
  );
  Deno.exit(2);
}
const log = createLogger(config.LOG_LEVEL, { service: "worker" });
const platform = await bootPlatform(config, log, "worker", installedPlugins).catch((error) => {
  console.error(`Worker start-up failed: ${error instanceof Error ? error.message : error}`);
  Deno.exit(1);
});
log.info("worker running", { database: platform.database.description, queue: "district-jobs" });
onShutdown(log, () => platform.close());

/** Graceful stop on SIGTERM/SIGINT: finish what is running, close connections, then exit. */
import type { Logger } from "../platform/log.ts";

export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const force = setTimeout(() => {
      log.error("shutdown took longer than 30 s; exiting anyway");
      Deno.exit(1);
    }, 30_000);
    try {
      await stop();
      clearTimeout(force);
      log.info("stopped");
      Deno.exit(0);
    } catch (error) {
      log.error("shutdown failed", { error });
      Deno.exit(1);
    }
  };
  Deno.addSignalListener("SIGTERM", () => handler("SIGTERM"));
  Deno.addSignalListener("SIGINT", () => handler("SIGINT"));
}

/** `deno task migrate`: applies pending migrations and lists them (start-up does this too). */
import { openConfiguredDatabase } from "../platform/boot.ts";
import { configFromProcess } from "../platform/config.ts";
import { allMigrations } from "../platform/db/all-migrations.ts";
import { dependencyOrder } from "../platform/plugins/validate.ts";
import { installedPlugins } from "../plugins/mod.ts";
import { migrate } from "../platform/db/migrations.ts";

const config = configFromProcess();
const database = await openConfiguredDatabase(config).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  Deno.exit(1);
});
try {
  const applied = await migrate(database.db, await allMigrations(dependencyOrder(installedPlugins)));
  console.log(applied.length ? `applied:\n  ${applied.join("\n  ")}` : "the database is up to date");
} finally {
  await database.close();
}

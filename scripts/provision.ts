/**
 * `deno task provision`: applies the tenant definitions in tenants/ (idempotent) and prints what changed.
 */
import { openConfiguredDatabase } from "../platform/boot.ts";
import { configFromProcess } from "../platform/config.ts";
import { allMigrations } from "../platform/db/all-migrations.ts";
import { dependencyOrder } from "../platform/plugins/validate.ts";
import { installedPlugins } from "../plugins/mod.ts";
import { migrate } from "../platform/db/migrations.ts";
import { provisionTenants } from "../platform/identity/provision.ts";
import { DefinitionError, loadTenantCatalogue } from "../platform/identity/tenant-definitions.ts";
import { createLogger } from "../platform/log.ts";

const config = configFromProcess();
const log = createLogger("warn");
let catalogue;
try {
  catalogue = await loadTenantCatalogue();
} catch (error) {
  if (error instanceof DefinitionError) {
    console.error(`The tenant definitions have problems:\n${error.message}`);
    Deno.exit(2);
  }
  throw error;
}
const database = await openConfiguredDatabase(config).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  Deno.exit(1);
});
try {
  await migrate(database.db, await allMigrations(dependencyOrder(installedPlugins)), log);
  const report = await provisionTenants(database.db, catalogue);
  for (const kind of ["plans", "tenants"] as const) {
    const r = report[kind];
    console.log(
      `${kind}: ${r.created.length} created${r.created.length ? ` (${r.created.join(", ")})` : ""}, ` +
        `${r.updated.length} updated${r.updated.length ? ` (${r.updated.join(", ")})` : ""}, ` +
        `${r.unchanged.length} unchanged`,
    );
  }
  // Job schedulers follow at the next start of the web process, which plans them for every district.
} finally {
  await database.close();
}

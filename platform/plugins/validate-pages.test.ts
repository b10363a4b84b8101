/** A plugin's pages stay in its own corner of the console and of the consumer pages, and its nav leads to them. */
import assert from "node:assert/strict";
import type { PluginPage } from "../ui/page.ts";
import type { AnyPlugin } from "./types.ts";
import { PluginManifestError, validatePlugins } from "./validate.ts";

const base = { id: "queue", name: { zh: "排队", en: "Queue" }, version: "1.0.0", core: "^0.1.0" };
const grants = { "queue:read": { description: "see the queue", roles: ["operator_staff" as const] } };

function page(path: string, access: PluginPage["access"] = { permission: "queue:read" }): PluginPage {
  return { path, access, render: () => ({ title: "x", body: null }) };
}

function problemsOf(plugin: Partial<AnyPlugin>): string[] {
  try {
    validatePlugins([{ ...base, grants, ...plugin } as AnyPlugin], "0.1.0");
    return [];
  } catch (error) {
    assert.ok(error instanceof PluginManifestError);
    return error.problems;
  }
}

Deno.test("plugin pages: console pages under /console/plugins/<id>, public consumer pages under /d/:district/<id>", () => {
  assert.deepEqual(
    problemsOf({
      pages: [
        page("/console/plugins/queue"),
        page("/console/plugins/queue/tickets/:id", "signed-in"),
        page("/d/:district/queue", "public"),
        page("/d/:district/queue/:ticket", "public"),
      ],
      nav: [{ path: "/console/plugins/queue", label: { zh: "排队", en: "Queue" }, permission: "queue:read" }],
    }),
    [],
  );
  assert.deepEqual(
    problemsOf({
      pages: [
        page("/console/stores"),
        page("/console/plugins/queueing"),
        page("/d/:district/other/x", "public"),
        page("/console/plugins/queue/open", "public"),
        page("/d/:district/queue/mine"),
        page("/console/plugins/queue/admin", { permission: "queue:admin" }),
        page("/console/plugins/queue"),
        page("/console/plugins/queue"),
      ],
      nav: [
        { path: "/console/plugins/queue/missing", label: { zh: "无", en: "None" }, permission: "queue:read" },
        { path: "/console/users", label: { zh: "人员", en: "People" }, permission: "users:read" },
      ],
    }),
    [
      'plugin queue: page "/console/stores" must be under /console/plugins/queue (signed in) or /d/:district/queue/… (public consumer pages)',
      'plugin queue: page "/console/plugins/queueing" must be under /console/plugins/queue (signed in) or /d/:district/queue/… (public consumer pages)',
      'plugin queue: page "/d/:district/other/x" must be under /console/plugins/queue (signed in) or /d/:district/queue/… (public consumer pages)',
      'plugin queue: page "/console/plugins/queue/open" is a console page and cannot be public (consumer pages: /d/:district/queue/…)',
      'plugin queue: consumer page "/d/:district/queue/mine" must be public',
      'plugin queue: page "/console/plugins/queue/admin" needs "queue:admin", which the plugin does not grant',
      'plugin queue: page "/console/plugins/queue" is declared twice',
      'plugin queue: nav entry "/console/plugins/queue/missing" leads to no page of the plugin (add it to pages)',
      'plugin queue: nav entry "/console/users" must be under /console/plugins/queue',
    ],
  );
  assert.deepEqual(
    problemsOf({
      pages: [{ ...page("/console/plugins/queue"), nav: { label: { zh: "排队", en: "Queue" }, order: 110 } }],
      nav: [{ path: "/console/plugins/queue", label: { zh: "排队", en: "Queue" }, permission: "queue:read" }],
    }),
    ['plugin queue: page "/console/plugins/queue" has a nav entry in both nav and the page; keep one'],
  );
});

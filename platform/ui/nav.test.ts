import assert from "node:assert/strict";
import type { Principal } from "../identity/principal.ts";
import { visibleNav } from "./nav.ts";
import { pluginNavEntries } from "./plugin-nav.ts";

function principal(permissions: string[], tenantId?: string): Principal {
  return {
    kind: "apiKey",
    actor: "x",
    keyId: "k",
    name: "k",
    tenantId: tenantId ?? "",
    permissions: new Set(permissions),
  };
}

function person(permissions: string[], tenantId: string | undefined): Principal {
  return {
    kind: "user",
    actor: "user:1",
    accountId: "1",
    login: "someone",
    displayName: "someone",
    roles: [],
    permissions: new Set(permissions),
    tenantId,
    sessionTokenHash: "",
    csrfToken: "",
    tenants: [],
  };
}

Deno.test("navigation: entries by permission, district and enabled plugin, in order", () => {
  const entries = [
    { href: "/console", label: "nav.home" as const, order: 0, access: "signed-in" as const },
    { href: "/console/users", label: "nav.users" as const, order: 30, access: { permission: "users:read" } },
    { href: "/console/bureau", label: "nav.bureau" as const, order: 50, access: { permission: "b", tenant: false } },
    ...pluginNavEntries([
      {
        id: "satisfaction",
        nav: [{ path: "/console/plugins/satisfaction", label: { zh: "满意度", en: "S" }, permission: "s:read" }],
      },
    ]),
  ];
  const hrefs = (p: Principal | undefined, plugins: string[] = []) =>
    visibleNav(entries, p, new Set(plugins)).map((e) => e.href);

  assert.deepEqual(hrefs(undefined), [], "nothing for anonymous visitors");
  assert.deepEqual(hrefs(principal(["users:read"], "t")), [], "API keys do not use the console");
  assert.deepEqual(hrefs(person(["users:read", "s:read"], "t")), ["/console", "/console/users"]);
  assert.deepEqual(hrefs(person(["users:read", "s:read"], "t"), ["satisfaction"]), [
    "/console",
    "/console/users",
    "/console/plugins/satisfaction",
  ]);
  assert.deepEqual(hrefs(person(["users:read"], "t"), ["satisfaction"]), ["/console", "/console/users"]);
  assert.deepEqual(
    hrefs(person(["users:read", "b"], undefined)),
    ["/console", "/console/bureau"],
    "district pages need one",
  );
});

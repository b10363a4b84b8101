/**
 * Roles and what they may do, as data. Routes name the permission they need; a principal holds the union of its
 * roles' permissions. Anything not listed is denied. Plugins add their own permissions to roles through their
 * manifest.
 */
import type { PlatformRole, TenantRole } from "./schema.ts";

export type Role = PlatformRole | TenantRole;

export const ROLES: readonly Role[] = [
  "platform_admin",
  "bureau_officer",
  "operator_admin",
  "operator_staff",
  "store_owner",
  "store_staff",
];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  platform_admin: { zh: "平台管理员", en: "Platform admin" },
  bureau_officer: { zh: "商务局人员", en: "Bureau officer" },
  operator_admin: { zh: "商圈管理员", en: "District admin" },
  operator_staff: { zh: "商圈工作人员", en: "District staff" },
  store_owner: { zh: "店主", en: "Store owner" },
  store_staff: { zh: "店员", en: "Store staff" },
};

/** Every permission the core knows, with what it allows. */
export const CORE_PERMISSIONS = {
  "platform:tenants": "see and manage every district, plan and bureau",
  "platform:jobs": "see failed background jobs of the whole platform",
  "platform:audit": "read and verify the platform's own audit chain",
  "bureau:districts": "see the districts of one's jurisdiction and their aggregates",
  "district:read": "see the district's settings",
  "stores:read": "see the district's stores and store applications",
  "stores:review": "approve or reject store applications",
  "stores:list": "list stores: every store of the district for operators, one's own store for store users",
  "stores:manage": "change stores' floor area and staff count and the district's units (铺位) and who occupies them",
  "store:read": "see one's own store",
  "users:read": "see the users of one's district or store",
  "users:manage": "invite users and change their roles",
  "api-keys:manage": "create and revoke API keys",
  "audit:read": "read the district's audit log",
  "audit:verify": "verify the district's audit chain",
  "privacy:requests": "handle data-subject requests (export, erasure) and record consent for a subject",
  "privacy:retention": "see and set how long the district keeps each kind of data",
  "privacy:settings": "see and change how personal information is masked in the district",
  "plugins:read": "see which plugins the district has and how they are set",
  "plugins:manage": "enable, configure and disable plugins for the district",
  "metrics:read": "see footfall and sales metrics: the whole district for operators, one's own store for store users",
  "data:import": "import sales and footfall from CSV files: for the district, or one's own store for store users",
  "data:export": "download sales, footfall and parking as CSV (personal data masked); store users their own store",
  "pii:read:phone": "see mobile numbers in clear",
  "pii:read:name": "see personal names in clear",
  "pii:read:plate": "see licence plates in clear",
  "pii:read:idNumber": "see ID numbers in clear",
} as const;

export type CorePermission = keyof typeof CORE_PERMISSIONS;

const OPERATOR_COMMON: CorePermission[] = [
  "district:read",
  "stores:read",
  "stores:list",
  "users:read",
  "audit:read",
  "plugins:read",
  "metrics:read",
];

export const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  // "bureau:districts" too: platform admins see every district in the bureau overview.
  platform_admin: ["platform:tenants", "platform:jobs", "platform:audit", "bureau:districts"],
  bureau_officer: ["bureau:districts"],
  operator_admin: [
    ...OPERATOR_COMMON,
    "stores:review",
    "stores:manage",
    "users:manage",
    "api-keys:manage",
    "plugins:manage",
    "audit:verify",
    "privacy:requests",
    "privacy:retention",
    "privacy:settings",
    "pii:read:phone",
    "pii:read:name",
    "data:import",
    "data:export",
  ],
  operator_staff: [...OPERATOR_COMMON],
  store_owner: [
    "store:read",
    "stores:list",
    "users:read",
    "users:manage",
    "api-keys:manage",
    "metrics:read",
    "data:import",
    "data:export",
  ],
  store_staff: ["store:read", "stores:list", "metrics:read"],
};

/** Permissions an API key may carry; a key never holds more than the person who made it. */
export const API_KEY_PERMISSIONS = ["events:write", "store:read"] as const;

/** Permissions added to roles by installed plugins (their manifests' `grants`), by role. */
export type ExtraGrants = Partial<Record<Role, readonly string[]>>;

export function permissionsOf(roles: readonly Role[], extra: ExtraGrants = {}): Set<string> {
  const granted = new Set<string>();
  for (const role of roles) {
    for (const permission of ROLE_PERMISSIONS[role]) granted.add(permission);
    for (const permission of extra[role] ?? []) granted.add(permission);
  }
  return granted;
}

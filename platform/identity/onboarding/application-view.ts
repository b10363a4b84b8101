/** A store application as the operator's review list shows it: contact name and mobile masked. */
import type { Selectable } from "kysely";
import { DEFAULT_MASK_CONFIG, type FieldCipher, type MaskConfig, maskValue } from "../../privacy/pii.ts";
import type { IdentityTables, StoreApplicationStatus } from "../schema.ts";

export type StoreApplicationRow = Selectable<IdentityTables["core.store_applications"]>;

export interface StoreApplicationView {
  id: string;
  storeName: string;
  creditCode: string;
  category: string;
  floor: string;
  unit: string;
  areaM2: number;
  staffCount: number;
  contactName: string;
  contactMobile: string;
  ownerLogin: string;
  status: StoreApplicationStatus;
  submittedAt: string;
  decidedAt: string | null;
  reason: string | null;
}

export async function maskedApplicationView(
  cipher: FieldCipher,
  row: StoreApplicationRow,
  maskConfig: MaskConfig = DEFAULT_MASK_CONFIG,
): Promise<StoreApplicationView> {
  return {
    id: row.id,
    storeName: row.store_name,
    creditCode: row.credit_code,
    category: row.category,
    floor: row.floor,
    unit: row.unit,
    areaM2: Number(row.area_m2),
    staffCount: row.staff_count,
    contactName: maskValue("name", await cipher.decrypt(row.contact_name_enc, "name"), maskConfig),
    contactMobile: maskValue("phone", await cipher.decrypt(row.contact_mobile_enc, "phone"), maskConfig),
    ownerLogin: row.owner_login,
    status: row.status,
    submittedAt: row.submitted_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    reason: row.reason,
  };
}

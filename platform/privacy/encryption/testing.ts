/** Shared set-up for the encryption tests: master keys, and a tenant table holding encrypted member data. */
import { sql } from "kysely";
import type { Database } from "../../db/database.ts";
import { OWNER_ROLE } from "../../db/roles.ts";
import { generateMasterKeyEntry, type MasterKeyRing, parseMasterKeys } from "./master-keys.ts";

export function testMasterKeys(...ids: string[]): MasterKeyRing {
  return parseMasterKeys((ids.length ? ids : ["k1"]).map((id) => generateMasterKeyEntry(id)).join(","));
}

/** What a membership plugin would keep: ciphertexts and blind indexes, plus a clear note column. */
export async function createMembersTable(database: Database): Promise<void> {
  await database.db.transaction().execute(async (tx) => {
    await sql.raw(`set local role ${OWNER_ROLE}`).execute(tx);
    await sql`create schema plugin_privacy_probe`.execute(tx);
    await sql`grant usage on schema plugin_privacy_probe to district_app, district_platform`.execute(tx);
    await sql`create table plugin_privacy_probe.members (
      tenant_id uuid not null,
      id uuid not null,
      phone_enc text,
      phone_idx text,
      id_number_enc text,
      id_number_idx text,
      plate_enc text,
      plate_idx text,
      note text,
      primary key (tenant_id, id))`.execute(tx);
    await sql`select core.protect_tenant_table('plugin_privacy_probe.members')`.execute(tx);
  });
}

export interface MemberRow {
  tenant_id: string;
  id: string;
  phone_enc: string | null;
  phone_idx: string | null;
  id_number_enc: string | null;
  id_number_idx: string | null;
  plate_enc: string | null;
  plate_idx: string | null;
  note: string | null;
}

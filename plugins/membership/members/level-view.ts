/** A level as the API shows it beside a member, from a row joined with the levels table. */
export interface LevelView {
  id: string;
  code: string;
  name: { zh: string; en: string };
  rank: number;
}

export function levelView(row: {
  level_id: string | null;
  level_code: string | null;
  level_name_zh: string | null;
  level_name_en: string | null;
  level_rank: number | null;
}): LevelView | null {
  if (!row.level_id) return null;
  return {
    id: row.level_id,
    code: row.level_code!,
    name: { zh: row.level_name_zh!, en: row.level_name_en! },
    rank: row.level_rank!,
  };
}

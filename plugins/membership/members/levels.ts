/**
 * Member levels (会员等级): ranked, each with the points a member must have earned in the trailing 365 days, an
 * earn multiplier (the points area applies it) and benefits to show. Rank 0 is the entry level every member starts
 * at, so its threshold is 0; a higher rank needs more points than every lower one. The nightly recompute moves
 * each member to the highest level their earning qualifies for — up or down.
 */
import { sql } from "kysely";
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import type { MembershipTx } from "../context.ts";

export const QUALIFYING_DAYS = 365;

export interface LevelInput {
  code: string;
  nameZh: string;
  nameEn: string;
  rank: number;
  thresholdPoints: number;
  earnMultiplier: number;
  benefits: string[];
}

export interface LevelRow extends LevelInput {
  id: string;
  members: number;
}

export async function listLevels(tx: MembershipTx): Promise<LevelRow[]> {
  const rows = await tx.selectFrom("plugin_membership.levels as l")
    .select((eb) => [
      "l.id",
      "l.code",
      "l.name_zh",
      "l.name_en",
      "l.rank",
      "l.threshold_points",
      "l.earn_multiplier",
      "l.benefits",
      eb.selectFrom("plugin_membership.members as m").select(eb.fn.countAll<string>().as("n"))
        .whereRef("m.level_id", "=", "l.id").where("m.status", "=", "active").as("members"),
    ])
    .orderBy("l.rank").execute();
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    rank: row.rank,
    thresholdPoints: row.threshold_points,
    earnMultiplier: Number(row.earn_multiplier),
    benefits: Array.isArray(row.benefits) ? row.benefits.map(String) : [],
    members: Number(row.members ?? 0),
  }));
}

/** The level list stays a ladder: unique codes and ranks, rank 0 at 0 points, thresholds rising with rank. */
function checkLadder(levels: LevelInput[], changed: LevelInput, changedId: string | undefined, ids: string[]): void {
  const others = levels.filter((_, i) => ids[i] !== changedId);
  const field = (name: string, message: string) => new ProblemError(422, message, [{ field: name, message }]);
  if (others.some((level) => level.code === changed.code)) throw field("code", "another level has this code");
  if (others.some((level) => level.rank === changed.rank)) throw field("rank", "another level has this rank");
  if (changed.rank === 0 && changed.thresholdPoints !== 0) {
    throw field("thresholdPoints", "the entry level (rank 0) needs 0 points");
  }
  const below = others.filter((level) => level.rank < changed.rank).map((level) => level.thresholdPoints);
  const above = others.filter((level) => level.rank > changed.rank).map((level) => level.thresholdPoints);
  if (below.length && changed.thresholdPoints <= Math.max(...below)) {
    throw field("thresholdPoints", `must be more than ${Math.max(...below)}, the threshold of the level below`);
  }
  if (above.length && changed.thresholdPoints >= Math.min(...above)) {
    throw field("thresholdPoints", `must be less than ${Math.min(...above)}, the threshold of the level above`);
  }
}

export async function createLevel(tx: MembershipTx, tenantId: string, input: LevelInput): Promise<string> {
  const levels = await listLevels(tx);
  checkLadder(levels, input, undefined, levels.map((level) => level.id));
  const id = uuidv7();
  await tx.insertInto("plugin_membership.levels").values({
    tenant_id: tenantId,
    id,
    code: input.code,
    name_zh: input.nameZh,
    name_en: input.nameEn,
    rank: input.rank,
    threshold_points: input.thresholdPoints,
    earn_multiplier: input.earnMultiplier,
    benefits: JSON.stringify(input.benefits),
  }).execute();
  // Members who joined before the district had levels start at the entry level now, not at the next recompute.
  if (input.rank === 0) {
    await tx.updateTable("plugin_membership.members").set({ level_id: id }).where("level_id", "is", null)
      .where("status", "=", "active").execute();
  }
  return id;
}

export async function updateLevel(
  tx: MembershipTx,
  levelId: string,
  change: Partial<Omit<LevelInput, "code">>,
): Promise<LevelRow> {
  const levels = await listLevels(tx);
  const current = levels.find((level) => level.id === levelId);
  if (!current) throw new ProblemError(404, "There is no such level.");
  const next = { ...current, ...change };
  checkLadder(levels, next, levelId, levels.map((level) => level.id));
  await tx.updateTable("plugin_membership.levels").set({
    name_zh: next.nameZh,
    name_en: next.nameEn,
    rank: next.rank,
    threshold_points: next.thresholdPoints,
    earn_multiplier: next.earnMultiplier,
    benefits: JSON.stringify(next.benefits),
  }).where("id", "=", levelId).execute();
  return next;
}

export async function deleteLevel(tx: MembershipTx, levelId: string): Promise<LevelRow> {
  const level = (await listLevels(tx)).find((row) => row.id === levelId);
  if (!level) throw new ProblemError(404, "There is no such level.");
  const holders = await tx.selectFrom("plugin_membership.members").select((eb) => eb.fn.countAll<string>().as("n"))
    .where("level_id", "=", levelId).executeTakeFirstOrThrow();
  if (Number(holders.n) > 0) {
    throw new ProblemError(409, `${holders.n} members hold this level; it can be removed once none does.`);
  }
  await tx.deleteFrom("plugin_membership.levels").where("id", "=", levelId).execute();
  return level;
}

export interface LevelChange {
  memberId: string;
  fromLevelId: string | null;
  toLevelId: string;
  qualifyingPoints: number;
}

/**
 * Moves every active member to the highest level whose threshold their points earned in the trailing 365 days
 * reach (earnings less refund reversals, from the points ledger). Returns the members who moved. Running it twice
 * changes nothing the second time.
 */
export async function recomputeLevels(tx: MembershipTx): Promise<LevelChange[]> {
  const { rows } = await sql<{ id: string; from_level: string | null; to_level: string; points: string }>`
    with earned as (
      select member_id, sum(points) as points
        from plugin_membership.points_ledger
       where kind in ('earn', 'reverse') and created_at >= now() - make_interval(days => ${QUALIFYING_DAYS})
       group by member_id
    ),
    target as (
      select m.id, m.level_id as from_level, coalesce(e.points, 0) as points,
             (select l.id from plugin_membership.levels l
               where l.threshold_points <= coalesce(e.points, 0)
               order by l.rank desc limit 1) as to_level
        from plugin_membership.members m
        left join earned e on e.member_id = m.id
       where m.status = 'active'
    )
    update plugin_membership.members m
       set level_id = target.to_level
      from target
     where m.id = target.id and target.to_level is not null and m.level_id is distinct from target.to_level
    returning m.id, target.from_level, target.to_level, target.points`.execute(tx);
  return rows.map((row) => ({
    memberId: row.id,
    fromLevelId: row.from_level,
    toLevelId: row.to_level,
    qualifyingPoints: Number(row.points),
  }));
}

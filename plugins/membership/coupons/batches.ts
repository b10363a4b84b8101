/**
 * Pushing a template to a segment (定向发券): the operator's request records a batch and queues a job; the job
 * issues one coupon per member of the segment, a few hundred members per transaction so a large segment neither
 * holds one long transaction nor starts over when a retry picks it up. Each member's coupon is issued under the
 * key `batch:<batch id>`, so a retried or repeated run gives nobody a second coupon of the same batch.
 *
 * Members who have not consented to marketing still receive the coupon in their wallet: holding a coupon is not a
 * message. Telling them about it (an inbox message, an SMS) is marketing, and goes through the campaigns area,
 * which sends only to members who consented.
 */
import { ProblemError, uuidv7 } from "../../../platform/sdk.ts";
import { membersOfSegment } from "../campaigns/segments.ts";
import type { MembershipJobCtx, MembershipTx } from "../context.ts";
import { issueCoupon } from "./issue.ts";

/** Members per transaction while a batch runs. */
export const BATCH_CHUNK = 200;

export interface BatchView {
  id: string;
  templateId: string;
  segmentId: string;
  status: "queued" | "running" | "done";
  membersTotal: number | null;
  issued: number;
  skipped: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export async function createBatch(
  tx: MembershipTx,
  tenantId: string,
  input: { templateId: string; segmentId: string; actor: string },
): Promise<string> {
  const id = uuidv7();
  await tx.insertInto("plugin_membership.coupon_issue_batches").values({
    tenant_id: tenantId,
    id,
    template_id: input.templateId,
    segment_id: input.segmentId,
    created_by: input.actor,
  }).execute();
  return id;
}

export async function listBatches(tx: MembershipTx, templateId: string): Promise<BatchView[]> {
  const rows = await tx.selectFrom("plugin_membership.coupon_issue_batches").selectAll()
    .where("template_id", "=", templateId).orderBy("created_at", "desc").execute();
  return rows.map((row) => ({
    id: row.id,
    templateId: row.template_id,
    segmentId: row.segment_id,
    status: row.status,
    membersTotal: row.members_total,
    issued: row.issued,
    skipped: row.skipped,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  }));
}

/** Runs (or resumes) a batch; what a member cannot be given (a limit, a paused template) is counted as skipped. */
export async function runBatch(ctx: MembershipJobCtx, batchId: string): Promise<{ issued: number; skipped: number }> {
  const prepared = await ctx.withTenant(async (tx) => {
    const batch = await tx.selectFrom("plugin_membership.coupon_issue_batches").selectAll()
      .where("id", "=", batchId).executeTakeFirst();
    if (!batch || batch.status === "done") return undefined;
    const members = await membersOfSegment(tx, batch.segment_id);
    await tx.updateTable("plugin_membership.coupon_issue_batches")
      .set({ status: "running", members_total: members.length }).where("id", "=", batchId).execute();
    return { batch, members };
  });
  if (!prepared) return { issued: 0, skipped: 0 };
  const { batch, members } = prepared;
  for (let start = 0; start < members.length; start += BATCH_CHUNK) {
    await ctx.withTenant(async (tx) => {
      for (const memberId of members.slice(start, start + BATCH_CHUNK)) {
        try {
          await issueCoupon(tx, ctx.tenantId, {
            templateId: batch.template_id,
            memberId,
            source: "push",
            idempotencyKey: `batch:${batchId}`,
            actor: batch.created_by,
            batchId,
          });
        } catch (error) {
          // Refusals come from checks made before anything is written, so the transaction goes on.
          if (!(error instanceof ProblemError) || (error.status !== 409 && error.status !== 404)) throw error;
        }
      }
    });
  }
  return await ctx.withTenant(async (tx) => {
    const counted = await tx.selectFrom("plugin_membership.coupons").select((eb) => eb.fn.countAll<string>().as("n"))
      .where("batch_id", "=", batchId).executeTakeFirstOrThrow();
    const issued = Number(counted.n);
    const skipped = Math.max(0, members.length - issued);
    await tx.updateTable("plugin_membership.coupon_issue_batches")
      .set({ status: "done", issued, skipped, finished_at: new Date() }).where("id", "=", batchId).execute();
    return { issued, skipped };
  });
}

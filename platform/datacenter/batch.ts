/**
 * The batch envelope of POST /api/v1/events: `{ events: [{ type, id, ...fields }] }`, up to 5,000 events, each
 * checked against its type's schema. Problems name the event by index and the field by its path
 * ("events.3.amountFen"), so a sender can fix exactly the events that were refused.
 */
import { z } from "zod";
import type { FieldProblem } from "../http/problem.ts";
import type { IngestRegistry } from "./event-type.ts";
import { eventId } from "./fields.ts";

export const MAX_BATCH_EVENTS = 5_000;

/** A field problem of one event of the batch. */
export interface EventProblem extends FieldProblem {
  /** The event's position in `events`, from 0. */
  index: number;
}

export type BatchEvent = { type: string; id: string } & Record<string, unknown>;

export function batchSchema(registry: IngestRegistry) {
  const types = registry.all();
  if (types.length === 0) throw new Error("no event types registered");
  const variants = types.map((t) => t.fields.extend({ type: z.literal(t.type), id: eventId }));
  const names = types.map((t) => t.type).join(", ");
  const event = z.discriminatedUnion(
    "type",
    variants as unknown as [typeof variants[number], ...typeof variants[number][]],
    { error: `type must be one of ${names}` },
  );
  const schema = z.object({
    events: z.array(event).min(1, "send at least one event").max(
      MAX_BATCH_EVENTS,
      `send at most ${MAX_BATCH_EVENTS} events per batch`,
    ),
  });
  // The HTTP layer validates the body with safeParseAsync, which takes zod's interpreted path: about 3 ms of CPU for
  // a batch of 1,000 sales, the largest cost of the request in the application. zod's synchronous parse compiles
  // each object shape once and gives the same result in well under half the time, so it is tried first and its
  // answer kept when the batch is valid. An invalid batch (or a type with an asynchronous refinement, which the
  // synchronous parse refuses) is parsed again the usual way, so what a sender is told about a refused batch is
  // exactly what it was told before.
  const thorough = schema.safeParseAsync.bind(schema);
  schema.safeParseAsync = async (data, params) => {
    let quick: ReturnType<typeof schema.safeParse> | undefined;
    try {
      quick = schema.safeParse(data, params);
    } catch {
      quick = undefined;
    }
    return quick?.success ? quick : await thorough(data, params);
  };
  return schema;
}

/** Zod issues of a batch as problems, each with the index of its event where there is one. */
export function batchProblems(error: z.ZodError): (EventProblem | FieldProblem)[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".") || "(body)";
    const index = issue.path[0] === "events" && typeof issue.path[1] === "number" ? issue.path[1] : undefined;
    return index === undefined ? { field, message: issue.message } : { index, field, message: issue.message };
  });
}

import { z } from "zod";
import { defineEvent } from "../../platform/sdk.ts";

/** Published when a response takes a survey below the district's target. */
export const belowTarget = defineEvent(
  "satisfaction.below-target",
  z.object({ surveyId: z.string().uuid(), rate: z.number(), targetPercent: z.number(), responses: z.number().int() }),
  { zh: "满意度低于目标", en: "A survey's satisfaction fell below the target" },
);

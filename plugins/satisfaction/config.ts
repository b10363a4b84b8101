import { z } from "zod";

export const satisfactionConfig = z.object({
  /** The share of satisfied answers a survey should reach; the Xuzhou standard asks for at least 85 %. */
  targetPercent: z.number().min(50).max(100).default(85),
  /** Open a satisfaction survey for each newly approved store. */
  surveyNewStores: z.boolean().default(true),
}).strict();

export type SatisfactionConfig = z.infer<typeof satisfactionConfig>;

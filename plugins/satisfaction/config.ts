import { z } from "zod";

/** The district's settings; `label`s name the fields of the console's settings form (/console/plugins). */
export const satisfactionConfig = z.object({
  /** The share of satisfied answers a survey should reach; the Xuzhou standard asks for at least 85 %. */
  targetPercent: z.number().min(50).max(100).default(85)
    .meta({ label: { zh: "满意度目标（%）", en: "Target satisfaction rate (%)" } }),
  /** Open a satisfaction survey for each newly approved store. */
  surveyNewStores: z.boolean().default(true)
    .meta({ label: { zh: "为新入驻的门店自动发起满意度调查", en: "Open a survey for each newly approved store" } }),
}).strict();

export type SatisfactionConfig = z.infer<typeof satisfactionConfig>;

/** A member's marketing choice as the public API shows it, with the district's frequency cap to explain it. */
import type { MembershipCtx } from "../context.ts";
import type { ConsentState } from "../members/consent.ts";

export function marketingView(plugin: MembershipCtx, state: ConsentState) {
  return {
    subscribed: state.granted,
    decidedAt: state.decidedAt,
    frequencyCap: plugin.config.campaignsFrequencyCap,
  };
}

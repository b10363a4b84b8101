/** Every route of the points area, mounted under /api/v1/plugins/membership. */
import type { PluginRouter } from "../../../platform/sdk.ts";
import { counterRoutes } from "./routes-counter.ts";
import { memberPointsRoutes } from "./routes-members.ts";
import { rulesRoutes } from "./routes-rules.ts";
import { settlementRoutes } from "./routes-settlement.ts";
import { storesRoutes } from "./routes-stores.ts";

export function pointsRoutes(router: PluginRouter): void {
  rulesRoutes(router);
  storesRoutes(router);
  counterRoutes(router);
  memberPointsRoutes(router);
  settlementRoutes(router);
}

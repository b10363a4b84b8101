/** The event types the core ingests; `coreIngestRegistry()` gives a fresh registry with only those. */
import { IngestRegistry } from "./event-type.ts";
import { footfallType } from "./types/footfall.ts";
import { parkingType } from "./types/parking.ts";
import { saleType } from "./types/sale.ts";
import { sensorType } from "./types/sensor.ts";

/**
 * The process's registry: the core's types, then those of the installed plugins, added by the plugin host when it
 * loads them. The ingestion route and the rollup job read it.
 */
export const ingestTypes: IngestRegistry = coreIngestRegistry();

export function coreIngestRegistry(): IngestRegistry {
  return new IngestRegistry()
    .register(footfallType)
    .register(saleType)
    .register(parkingType)
    .register(sensorType);
}

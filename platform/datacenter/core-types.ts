/** The event types the core ingests; `coreIngestRegistry()` gives a fresh registry that plugins may extend. */
import { IngestRegistry } from "./event-type.ts";
import { footfallType } from "./types/footfall.ts";
import { parkingType } from "./types/parking.ts";
import { saleType } from "./types/sale.ts";
import { sensorType } from "./types/sensor.ts";

export function coreIngestRegistry(): IngestRegistry {
  return new IngestRegistry()
    .register(footfallType)
    .register(saleType)
    .register(parkingType)
    .register(sensorType);
}

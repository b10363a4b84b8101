/** The platform's subject-rights registry: the core's own handlers, then what plugins register when they load. */
import { plateRightsHandler } from "../datacenter/privacy.ts";
import { consentRightsHandler } from "./consent-rights-handler.ts";
import { SubjectRightsRegistry } from "./subject-requests-registry.ts";

export function createSubjectRightsRegistry(): SubjectRightsRegistry {
  const registry = new SubjectRightsRegistry();
  registry.register(consentRightsHandler);
  registry.register(plateRightsHandler);
  return registry;
}

export const subjectRights: SubjectRightsRegistry = createSubjectRightsRegistry();

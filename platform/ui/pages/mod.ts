/**
 * The core's pages, in one list. A module or plugin adds a page (and, with `nav`, its navigation entry) by
 * contributing `UiPage` objects to the list given to registerWebConsole — see README "Web console".
 */
import type { UiPage } from "../page.ts";
import { apiKeysPage } from "./api-keys.tsx";
import { auditPage } from "./audit.tsx";
import { bureauPage } from "./bureau.tsx";
import { consoleHomePage } from "./console-home.tsx";
import { dashboardPage } from "./dashboard.tsx";
import { dataImportPage } from "./data-import.tsx";
import { invitationPage } from "./invitation.tsx";
import { landingPage } from "./landing.tsx";
import { privacyPage } from "./privacy.tsx";
import { privacyMaskingPage } from "./privacy-masking.tsx";
import { privacyRequestsPage } from "./privacy-requests.tsx";
import { privacyRetentionPage } from "./privacy-retention.tsx";
import { registerDistrictPage, registerPage } from "./register.tsx";
import { applyStatusAlias, registerStatusPage } from "./register-status.tsx";
import { signInPage } from "./sign-in.tsx";
import { storesPage } from "./stores.tsx";
import { unitsPage } from "./units.tsx";
import { usersPage } from "./users.tsx";

export const CORE_PAGES: readonly UiPage[] = [
  landingPage,
  signInPage,
  invitationPage,
  registerPage,
  // Before /register/:slug, which would otherwise also match "status".
  registerStatusPage,
  applyStatusAlias,
  registerDistrictPage,
  consoleHomePage,
  dashboardPage,
  dataImportPage,
  storesPage,
  unitsPage,
  usersPage,
  apiKeysPage,
  bureauPage,
  privacyPage,
  privacyRequestsPage,
  privacyRetentionPage,
  privacyMaskingPage,
  auditPage,
];

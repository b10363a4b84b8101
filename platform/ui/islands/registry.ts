/**
 * Every island, by the name its marker carries. The server renders islands from here and the browser bundle
 * hydrates them from here, so an island is added in exactly one place: import it and list it below. Whatever an
 * island imports ends up in the browser bundle; keep server-only modules (database, Deno APIs) out of them, and
 * load anything heavy (ECharts) with `import()` inside the island so it becomes a chunk of its own.
 *
 * Plugins add no islands: their pages are server-rendered and use the core's generic ones (ApiForm, CopyText);
 * see docs/plugins.md "Pages".
 */
import { CopyText } from "../components/copy-text.tsx";
import { ApiForm } from "./api-form.tsx";
import { ApiKeysManager } from "./api-keys-manager.tsx";
import { AuditVerify } from "./audit-verify.tsx";
import { ConsentManager } from "./consent-manager.tsx";
import { CsvImport } from "./csv-import.tsx";
import { DashboardChart } from "./dashboard-chart.tsx";
import { InvitationForm } from "./invitation-form.tsx";
import { MaskingSettings } from "./masking-settings.tsx";
import { PluginSwitch } from "./plugin-switch.tsx";
import { RetentionManager } from "./retention-manager.tsx";
import { SignInForm } from "./sign-in-form.tsx";
import { StoreApplicationForm } from "./store-application-form.tsx";
import { StoreReview } from "./store-review.tsx";
import { SubjectRequests } from "./subject-requests.tsx";
import { UnitsManager } from "./units-manager.tsx";
import { UsersManager } from "./users-manager.tsx";

export const islands = {
  ApiForm,
  ApiKeysManager,
  AuditVerify,
  ConsentManager,
  CopyText,
  CsvImport,
  DashboardChart,
  InvitationForm,
  MaskingSettings,
  PluginSwitch,
  RetentionManager,
  SignInForm,
  StoreApplicationForm,
  StoreReview,
  SubjectRequests,
  UnitsManager,
  UsersManager,
};

export type IslandName = keyof typeof islands;

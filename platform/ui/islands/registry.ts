/**
 * Every island, by the name its marker carries. The server renders islands from here and the browser bundle
 * hydrates them from here, so an island is added in exactly one place: import it and list it below. Whatever an
 * island imports ends up in the browser bundle; keep server-only modules (database, Deno APIs) out of them, and
 * load anything heavy (ECharts) with `import()` inside the island so it becomes a chunk of its own.
 */
import { CopyText } from "../components/copy-text.tsx";
import { ApiKeysManager } from "./api-keys-manager.tsx";
import { InvitationForm } from "./invitation-form.tsx";
import { SignInForm } from "./sign-in-form.tsx";
import { StoreApplicationForm } from "./store-application-form.tsx";
import { StoreReview } from "./store-review.tsx";
import { UsersManager } from "./users-manager.tsx";

export const islands = {
  ApiKeysManager,
  CopyText,
  InvitationForm,
  SignInForm,
  StoreApplicationForm,
  StoreReview,
  UsersManager,
};

export type IslandName = keyof typeof islands;

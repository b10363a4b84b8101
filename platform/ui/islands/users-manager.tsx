/**
 * The people of a district (operators) or of one store (store owners), and the invitation form. The invitation
 * link is shown once, right after inviting; the person opens it to choose a password. Holders of users:manage
 * also change a person's role (within their organisation), disable them after confirming or enable them again,
 * and re-send an invitation not yet accepted (the new link shown once). The API judges every change.
 */
import { useState } from "preact/hooks";
import { ROLE_NAMES } from "../../identity/permissions.ts";
import type { TenantRole } from "../../identity/schema.ts";
import { callApi, type Problem } from "../client/api.ts";
import { CopyText } from "../components/copy-text.tsx";
import { FormError, SelectField, TextField } from "../components/fields.tsx";
import { formatDateTime } from "../components/format.ts";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useApiSubmit } from "../components/use-api-submit.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { bilingual, type MessageKey, translator } from "../i18n/translate.ts";

export interface UserRow {
  accountId: string;
  login: string;
  displayName: string;
  role: TenantRole;
  organisationId: string;
  status: string;
  lastSignInAt: string | null;
}

export interface UsersManagerProps {
  locale: Locale;
  users: UserRow[];
  /** Roles this person may hand out; empty when they may not invite. */
  invitableRoles: TenantRole[];
  /** Stores the listed people work for (names for the list, choices for the form). */
  stores: { id: string; name: string }[];
  /** Operators choose the store of a store role; a store owner's invitations are always for their own store. */
  chooseStore: boolean;
  /** The signed-in person, whose own row offers no changes. */
  selfId?: string;
}

const FIELDS = ["login", "displayName", "role", "organisationId"] as const;
const STATUS_KEYS: Record<string, MessageKey> = {
  active: "users.status.active",
  invited: "users.status.invited",
  disabled: "users.status.disabled",
};

function isStoreRole(role: string): boolean {
  return role === "store_owner" || role === "store_staff";
}

export function UsersManager(
  { locale, users: initialUsers, invitableRoles, stores, chooseStore, selfId }: UsersManagerProps,
) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [users, setUsers] = useState(initialUsers);
  const [role, setRole] = useState<string>(invitableRoles[0] ?? "");
  const [invited, setInvited] = useState<{ login: string; url: string; expiresAt: string }>();
  const storeNames = new Map(stores.map((store) => [store.id, store.name]));
  const manage = invitableRoles.length > 0;
  const [confirming, setConfirming] = useState<string>();
  const [rowBusy, setRowBusy] = useState<string>();
  const [rowProblem, setRowProblem] = useState<Problem>();
  const [reinvited, setReinvited] = useState<{ login: string; url: string; expiresAt: string }>();

  const change = async (user: UserRow, body: { role?: string; disabled?: boolean }) => {
    setRowBusy(user.accountId);
    setRowProblem(undefined);
    const answer = await callApi<UserRow>("PATCH", `/api/v1/users/${user.accountId}`, body);
    setRowBusy(undefined);
    setConfirming(undefined);
    if (!answer.ok) {
      setRowProblem(answer.problem);
      return;
    }
    setUsers((list) => list.map((row) => row.accountId === user.accountId ? answer.data : row));
  };

  const reinvite = async (user: UserRow) => {
    setRowBusy(user.accountId);
    setRowProblem(undefined);
    const answer = await callApi<{ invitationUrl: string; expiresAt: string }>(
      "POST",
      `/api/v1/users/${user.accountId}/invitation`,
    );
    setRowBusy(undefined);
    if (!answer.ok) {
      setRowProblem(answer.problem);
      return;
    }
    setReinvited({ login: user.login, url: answer.data.invitationUrl, expiresAt: answer.data.expiresAt });
  };

  /** A role stays within the person's organisation: store roles for store people, operator roles for operators. */
  const rolesFor = (user: UserRow) => invitableRoles.filter((r) => isStoreRole(r) === isStoreRole(user.role));

  const { busy, problem, onSubmit: submit } = useApiSubmit(
    (form) => {
      const organisationId = String(form.get("organisationId") ?? "");
      return callApi<{ invitationUrl: string; expiresAt: string }>("POST", "/api/v1/users/invitations", {
        login: String(form.get("login") ?? ""),
        displayName: String(form.get("displayName") ?? ""),
        role,
        ...(isStoreRole(role) && organisationId ? { organisationId } : {}),
      });
    },
    async (data, form) => {
      setInvited({ login: String(form.get("login")), url: data.invitationUrl, expiresAt: data.expiresAt });
      const list = await callApi<{ items: UserRow[] }>("GET", "/api/v1/users");
      if (list.ok) setUsers(list.data.items);
    },
  );

  const errors = fieldErrors(problem, FIELDS);
  return (
    <div class="stack-lg">
      <section aria-labelledby="users-list-title">
        <h2 id="users-list-title">{t("users.listTitle")}</h2>
        <FormError message={formError(rowProblem, [], t)} />
        {reinvited
          ? (
            <div class="notice success" role="status">
              <p>{t("users.reinvited", { login: reinvited.login })}</p>
              <CopyText
                locale={locale}
                id="users-reinvitation-url"
                label={t("users.invitationLink")}
                text={reinvited.url}
              />
              <p class="hint">{t("users.invitationOnce", { until: formatDateTime(locale, reinvited.expiresAt) })}</p>
            </div>
          )
          : null}
        <table class="cards">
          <thead>
            <tr>
              <th scope="col">{t("users.login")}</th>
              <th scope="col">{t("users.displayName")}</th>
              <th scope="col">{t("users.role")}</th>
              <th scope="col">{t("users.store")}</th>
              <th scope="col">{t("users.status")}</th>
              <th scope="col">{t("users.lastSignIn")}</th>
              {manage ? <th scope="col">{t("users.actions")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.accountId}>
                <td data-label={t("users.login")}>{user.login}</td>
                <td data-label={t("users.displayName")}>{user.displayName}</td>
                <td data-label={t("users.role")}>{bilingual(locale, ROLE_NAMES[user.role])}</td>
                <td data-label={t("users.store")}>
                  {isStoreRole(user.role) ? storeNames.get(user.organisationId) ?? "—" : t("users.operatorOrg")}
                </td>
                <td data-label={t("users.status")}>
                  {STATUS_KEYS[user.status] ? t(STATUS_KEYS[user.status]) : user.status}
                </td>
                <td data-label={t("users.lastSignIn")}>{formatDateTime(locale, user.lastSignInAt)}</td>
                {manage
                  ? (
                    <td data-label={t("users.actions")}>
                      {user.accountId === selfId
                        ? <span class="badge muted">{t("users.self")}</span>
                        : (
                          <div class="stack">
                            {rolesFor(user).includes(user.role)
                              ? (
                                <select
                                  aria-label={t("users.changeRole", { login: user.login })}
                                  value={user.role}
                                  disabled={!hydrated || rowBusy === user.accountId}
                                  onChange={(event) => change(user, { role: event.currentTarget.value })}
                                >
                                  {rolesFor(user).map((r) => (
                                    <option key={r} value={r}>{bilingual(locale, ROLE_NAMES[r])}</option>
                                  ))}
                                </select>
                              )
                              : null}
                            {user.status === "disabled"
                              ? (
                                <button
                                  type="button"
                                  class="link-button"
                                  disabled={!hydrated || rowBusy === user.accountId}
                                  onClick={() => change(user, { disabled: false })}
                                >
                                  {t("users.enable")}
                                </button>
                              )
                              : confirming === user.accountId
                              ? (
                                <div
                                  class="confirm"
                                  role="group"
                                  aria-label={t("users.confirmDisable", { login: user.login })}
                                >
                                  <p>{t("users.confirmDisable", { login: user.login })}</p>
                                  <button
                                    type="button"
                                    class="danger"
                                    disabled={rowBusy === user.accountId}
                                    onClick={() => change(user, { disabled: true })}
                                  >
                                    {t("users.disableConfirm")}
                                  </button>
                                  <button type="button" onClick={() => setConfirming(undefined)}>
                                    {t("common.cancel")}
                                  </button>
                                </div>
                              )
                              : (
                                <button
                                  type="button"
                                  class="link-button danger-text"
                                  disabled={!hydrated}
                                  aria-label={`${t("users.disable")} ${user.login}`}
                                  onClick={() => setConfirming(user.accountId)}
                                >
                                  {t("users.disable")}
                                </button>
                              )}
                            {user.status === "invited"
                              ? (
                                <button
                                  type="button"
                                  class="link-button"
                                  disabled={!hydrated || rowBusy === user.accountId}
                                  aria-label={`${t("users.resendInvitation")} ${user.login}`}
                                  onClick={() => reinvite(user)}
                                >
                                  {t("users.resendInvitation")}
                                </button>
                              )
                              : null}
                          </div>
                        )}
                    </td>
                  )
                  : null}
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {invitableRoles.length
        ? (
          <section aria-labelledby="users-invite-title" class="panel">
            <h2 id="users-invite-title">{t("users.inviteTitle")}</h2>
            {invited
              ? (
                <div class="notice success" role="status">
                  <p>{t("users.invited", { login: invited.login })}</p>
                  <CopyText
                    locale={locale}
                    id="users-invitation-url"
                    label={t("users.invitationLink")}
                    text={invited.url}
                  />
                  <p class="hint">{t("users.invitationOnce", { until: formatDateTime(locale, invited.expiresAt) })}</p>
                </div>
              )
              : null}
            <form method="post" class="stack" onSubmit={submit}>
              <FormError message={formError(problem, FIELDS, t)} />
              <TextField
                id="invite-login"
                name="login"
                label={t("users.login")}
                hint={t("users.loginHint")}
                autoComplete="off"
                autoCapitalize="none"
                spellcheck={false}
                required
                error={errors.login}
              />
              <TextField
                id="invite-display-name"
                name="displayName"
                label={t("users.displayName")}
                autoComplete="off"
                required
                error={errors.displayName}
              />
              <SelectField
                id="invite-role"
                name="role"
                label={t("users.role")}
                value={role}
                onChange={setRole}
                options={invitableRoles.map((r) => ({ value: r, label: bilingual(locale, ROLE_NAMES[r]) }))}
                required
                error={errors.role}
              />
              {isStoreRole(role) && chooseStore
                ? (
                  <SelectField
                    id="invite-store"
                    name="organisationId"
                    label={t("users.store")}
                    placeholder={t("users.chooseStore")}
                    options={stores.map((s) => ({ value: s.id, label: s.name }))}
                    required
                    error={errors.organisationId}
                  />
                )
                : null}
              <button type="submit" class="primary" disabled={!hydrated || busy}>{t("users.inviteSubmit")}</button>
            </form>
          </section>
        )
        : null}
    </div>
  );
}

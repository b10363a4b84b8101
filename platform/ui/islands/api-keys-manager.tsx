/**
 * API keys for systems (POS, gates, cameras, sensors): list, create (the token is shown once, with a copy
 * button) and revoke after an explicit confirmation.
 */
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { CopyText } from "../components/copy-text.tsx";
import { FormError, SelectField, TextField } from "../components/fields.tsx";
import { formatDateTime } from "../components/format.ts";
import { fieldErrors, formError } from "../components/problem-text.ts";
import { useApiSubmit } from "../components/use-api-submit.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { type MessageKey, translator } from "../i18n/translate.ts";

export interface ApiKeyRow {
  id: string;
  name: string;
  organisationId: string | null;
  permissions: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeysManagerProps {
  locale: Locale;
  keys: ApiKeyRow[];
  /** Permissions a key may carry: the core's and those plugins offer to systems, with what each allows. */
  permissions: readonly { permission: string; description: string }[];
  stores: { id: string; name: string }[];
  /** Operators may limit a key to one store; a store's keys are always its own. */
  chooseStore: boolean;
}

const FIELDS = ["name", "permissions", "organisationId"] as const;
const PERMISSION_KEYS: Record<string, MessageKey> = {
  "events:write": "apiKeys.permission.eventsWrite",
  "store:read": "apiKeys.permission.storeRead",
};

export function ApiKeysManager(
  { locale, keys: initialKeys, permissions, stores, chooseStore }: ApiKeysManagerProps,
) {
  const t = translator(locale);
  const hydrated = useHydrated();
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [confirming, setConfirming] = useState<string>();
  const [revokeProblem, setRevokeProblem] = useState<Problem>();
  const storeNames = new Map(stores.map((store) => [store.id, store.name]));
  const descriptions = new Map(permissions.map((p) => [p.permission, p.description]));
  // The core's permissions have translated names; a plugin's show their id and the plugin's own description.
  const permissionLabel = (p: string) =>
    PERMISSION_KEYS[p] ? t(PERMISSION_KEYS[p]) : descriptions.has(p) ? `${p} — ${descriptions.get(p)}` : p;

  const reload = async () => {
    const list = await callApi<{ items: ApiKeyRow[] }>("GET", "/api/v1/api-keys");
    if (list.ok) setKeys(list.data.items);
  };

  const { busy, problem, onSubmit: create } = useApiSubmit(
    (form) => {
      const organisationId = String(form.get("organisationId") ?? "");
      return callApi<{ key: ApiKeyRow; token: string }>("POST", "/api/v1/api-keys", {
        name: String(form.get("name") ?? ""),
        permissions: form.getAll("permissions").map(String),
        ...(organisationId ? { organisationId } : {}),
      });
    },
    async (data) => {
      setCreated({ name: data.key.name, token: data.token });
      await reload();
    },
  );

  const revoke = async (id: string) => {
    setRevokeProblem(undefined);
    const answer = await callApi("DELETE", `/api/v1/api-keys/${id}`);
    if (!answer.ok) setRevokeProblem(answer.problem);
    setConfirming(undefined);
    await reload();
  };

  const errors = fieldErrors(problem, FIELDS);
  return (
    <div class="stack-lg">
      <section aria-labelledby="keys-list-title">
        <h2 id="keys-list-title">{t("apiKeys.listTitle")}</h2>
        <FormError message={formError(revokeProblem, [], t)} />
        {keys.length
          ? (
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{t("apiKeys.name")}</th>
                  <th scope="col">{t("apiKeys.permissions")}</th>
                  <th scope="col">{t("apiKeys.store")}</th>
                  <th scope="col">{t("apiKeys.createdAt")}</th>
                  <th scope="col">{t("apiKeys.lastUsedAt")}</th>
                  <th scope="col">{t("apiKeys.state")}</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id}>
                    <td data-label={t("apiKeys.name")}>{key.name}</td>
                    <td data-label={t("apiKeys.permissions")}>{key.permissions.map(permissionLabel).join("、")}</td>
                    <td data-label={t("apiKeys.store")}>
                      {key.organisationId ? storeNames.get(key.organisationId) ?? "—" : t("apiKeys.wholeDistrict")}
                    </td>
                    <td data-label={t("apiKeys.createdAt")}>{formatDateTime(locale, key.createdAt)}</td>
                    <td data-label={t("apiKeys.lastUsedAt")}>{formatDateTime(locale, key.lastUsedAt)}</td>
                    <td data-label={t("apiKeys.state")}>
                      {key.revokedAt
                        ? <span class="badge muted">{t("apiKeys.revoked")}</span>
                        : confirming === key.id
                        ? (
                          <div class="confirm" role="group" aria-label={t("apiKeys.confirmRevoke", { name: key.name })}>
                            <p>{t("apiKeys.confirmRevoke", { name: key.name })}</p>
                            <button type="button" class="danger" onClick={() => revoke(key.id)}>
                              {t("apiKeys.revokeConfirm")}
                            </button>
                            <button type="button" onClick={() => setConfirming(undefined)}>{t("common.cancel")}</button>
                          </div>
                        )
                        : (
                          <>
                            <span class="badge ok">{t("apiKeys.active")}</span>{" "}
                            <button
                              type="button"
                              class="link-button danger-text"
                              disabled={!hydrated}
                              onClick={() => setConfirming(key.id)}
                              aria-label={`${t("apiKeys.revoke")} ${key.name}`}
                            >
                              {t("apiKeys.revoke")}
                            </button>
                          </>
                        )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
          : <p class="empty">{t("apiKeys.none")}</p>}
      </section>

      <section aria-labelledby="keys-create-title" class="panel">
        <h2 id="keys-create-title">{t("apiKeys.createTitle")}</h2>
        {created
          ? (
            <div class="notice success" role="status">
              <p>{t("apiKeys.created", { name: created.name })}</p>
              <CopyText locale={locale} id="api-key-token" label={t("apiKeys.token")} text={created.token} />
              <p class="hint">{t("apiKeys.tokenOnce")}</p>
            </div>
          )
          : null}
        <form method="post" class="stack" onSubmit={create}>
          <FormError message={formError(problem, FIELDS, t)} />
          <TextField
            id="key-name"
            name="name"
            label={t("apiKeys.name")}
            hint={t("apiKeys.nameHint")}
            autoComplete="off"
            maxLength={60}
            required
            error={errors.name}
          />
          <fieldset
            class={errors.permissions ? "field has-error" : "field"}
            aria-describedby={errors.permissions ? "key-permissions-error" : undefined}
          >
            <legend>{t("apiKeys.permissions")}</legend>
            {permissions.map(({ permission }) => (
              <label class="check" key={permission}>
                <input type="checkbox" name="permissions" value={permission} /> {permissionLabel(permission)}
              </label>
            ))}
            {errors.permissions ? <p class="field-error" id="key-permissions-error">{errors.permissions}</p> : null}
          </fieldset>
          {chooseStore && stores.length
            ? (
              <SelectField
                id="key-store"
                name="organisationId"
                label={t("apiKeys.store")}
                placeholder={t("apiKeys.wholeDistrict")}
                options={stores.map((s) => ({ value: s.id, label: s.name }))}
                error={errors.organisationId}
              />
            )
            : null}
          <button type="submit" class="primary" disabled={!hydrated || busy}>{t("apiKeys.createSubmit")}</button>
        </form>
      </section>
    </div>
  );
}

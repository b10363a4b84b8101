/**
 * The district's units (铺位) and its stores' floor area and staff count. District admins edit: each store's facts
 * are saved on their own (PATCH /api/v1/stores/{id}); the units are edited as a list and saved as a whole
 * (PUT /api/v1/district/units), the API's problems shown beside the fields it names (`units.2.occupancies.0.since`).
 * Others see the same as tables. The API judges every change.
 */
import type { InputHTMLAttributes } from "preact";
import { useState } from "preact/hooks";
import { callApi, type Problem } from "../client/api.ts";
import { FormError } from "../components/fields.tsx";
import { formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";
import { datacenterMessages, formatRatio } from "../pages/datacenter-messages.ts";

export interface UnitStore {
  id: string;
  name: string;
  status: string;
  areaM2: number | null;
  staffCount: number | null;
}

export interface UnitRow {
  code: string;
  floor: string;
  areaM2: number;
  occupancies: { storeId: string; storeName: string; since: string; until: string | null }[];
  current: { storeId: string; storeName: string } | null;
}

export interface UnitsVacancy {
  units: number;
  vacant: number;
  rate: number | null;
}

export interface UnitsManagerProps {
  locale: Locale;
  stores: UnitStore[];
  units: UnitRow[];
  vacancy: UnitsVacancy;
  canManage: boolean;
}

interface OccupancyDraft {
  storeId: string;
  since: string;
  until: string;
}

interface UnitDraft {
  code: string;
  floor: string;
  area: string;
  occupancies: OccupancyDraft[];
}

/** Sent as typed (a number when it is one), so the API's own message explains anything else. */
function numberOrText(text: string): number | string | null {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

function draftsOf(units: UnitRow[]): UnitDraft[] {
  return units.map((u) => ({
    code: u.code,
    floor: u.floor,
    area: String(u.areaM2),
    occupancies: u.occupancies.map((o) => ({ storeId: o.storeId, since: o.since, until: o.until ?? "" })),
  }));
}

function errorAt(problem: Problem | undefined, field: string): string | undefined {
  return problem?.errors?.find((e) => e.field === field)?.message;
}

function Field(
  props: {
    id: string;
    label: string;
    value: string;
    error?: string;
    type?: "text" | "number" | "date";
    onInput: (value: string) => void;
  },
) {
  const { id, label, value, error, type, onInput } = props;
  // Preact types <input> as a union discriminated by `type`; this one component serves several types.
  const attributes = {
    id,
    type: type ?? "text",
    value,
    step: type === "number" ? "0.01" : undefined,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
  } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class={error ? "field has-error" : "field"}>
      <div class="label-row">
        <label for={id}>{label}</label>
      </div>
      <input {...attributes} />
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

function StoreFacts({ locale, store: initial }: { locale: Locale; store: UnitStore }) {
  const m = datacenterMessages(locale);
  const t = translator(locale);
  const hydrated = useHydrated();
  const [store, setStore] = useState(initial);
  const [area, setArea] = useState(initial.areaM2 === null ? "" : String(initial.areaM2));
  const [staff, setStaff] = useState(initial.staffCount === null ? "" : String(initial.staffCount));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState(false);
  const id = `store-${store.id}`;

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSaved(false);
    const answer = await callApi<UnitStore>("PATCH", `/api/v1/stores/${store.id}`, {
      areaM2: numberOrText(area),
      staffCount: numberOrText(staff),
    });
    setBusy(false);
    if (!answer.ok) return setProblem(answer.problem);
    setStore(answer.data);
    setSaved(true);
  };

  return (
    <li class="card">
      <h3>
        {store.name} <span class="badge">{store.status === "closed" ? m("units.closed") : m("units.active")}</span>
      </h3>
      <form method="post" class="stack" onSubmit={save} noValidate>
        <FormError message={formError(problem, ["areaM2", "staffCount"], t)} />
        {saved ? <p class="notice success" role="status">{m("units.storeSaved", { name: store.name })}</p> : null}
        <div class="row-2">
          <Field
            id={`${id}-area`}
            label={m("units.area")}
            type="number"
            value={area}
            error={errorAt(problem, "areaM2")}
            onInput={setArea}
          />
          <Field
            id={`${id}-staff`}
            label={m("units.staff")}
            type="number"
            value={staff}
            error={errorAt(problem, "staffCount")}
            onInput={setStaff}
          />
        </div>
        <div class="actions">
          <button type="submit" disabled={!hydrated || busy}>{m("units.saveStore")}</button>
        </div>
      </form>
    </li>
  );
}

function UnitsEditor(
  { locale, stores, units, onSaved }: {
    locale: Locale;
    stores: UnitStore[];
    units: UnitRow[];
    onSaved: (units: UnitRow[], vacancy: UnitsVacancy) => void;
  },
) {
  const m = datacenterMessages(locale);
  const t = translator(locale);
  const hydrated = useHydrated();
  const [drafts, setDrafts] = useState(() => draftsOf(units));
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const [saved, setSaved] = useState(false);

  const change = (i: number, patch: Partial<UnitDraft>) =>
    setDrafts(drafts.map((d, j) => j === i ? { ...d, ...patch } : d));
  const changeOccupancy = (i: number, k: number, patch: Partial<OccupancyDraft>) =>
    change(i, { occupancies: drafts[i].occupancies.map((o, j) => j === k ? { ...o, ...patch } : o) });

  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setSaved(false);
    const answer = await callApi<{ units: UnitRow[]; vacancy: UnitsVacancy }>("PUT", "/api/v1/district/units", {
      units: drafts.map((d) => ({
        code: d.code,
        floor: d.floor,
        areaM2: numberOrText(d.area),
        occupancies: d.occupancies.map((o) => ({ storeId: o.storeId, since: o.since, until: o.until || null })),
      })),
    });
    setBusy(false);
    if (!answer.ok) return setProblem(answer.problem);
    setDrafts(draftsOf(answer.data.units));
    onSaved(answer.data.units, answer.data.vacancy);
    setSaved(true);
  };

  return (
    <form method="post" class="stack" onSubmit={save} noValidate>
      <FormError message={formError(problem, ["units"], t)} />
      {saved ? <p class="notice success" role="status">{m("units.saved")}</p> : null}
      {drafts.length ? null : <p class="empty">{m("units.none")}</p>}
      <ul class="card-list">
        {drafts.map((unit, i) => (
          <li class="card" key={i}>
            <div class="row-2">
              <Field
                id={`unit-${i}-code`}
                label={m("units.code")}
                value={unit.code}
                error={errorAt(problem, `units.${i}.code`)}
                onInput={(code) => change(i, { code })}
              />
              <Field
                id={`unit-${i}-floor`}
                label={m("units.floor")}
                value={unit.floor}
                error={errorAt(problem, `units.${i}.floor`)}
                onInput={(floor) => change(i, { floor })}
              />
            </div>
            <Field
              id={`unit-${i}-area`}
              label={m("units.unitArea")}
              type="number"
              value={unit.area}
              error={errorAt(problem, `units.${i}.areaM2`)}
              onInput={(area) => change(i, { area })}
            />
            <fieldset class="group">
              <legend>{m("units.occupancies")}</legend>
              {unit.occupancies.map((o, k) => {
                const id = `unit-${i}-occ-${k}`;
                const at = `units.${i}.occupancies.${k}`;
                const storeError = errorAt(problem, `${at}.storeId`);
                return (
                  <div class="stack" key={k}>
                    <div class={storeError ? "field has-error" : "field"}>
                      <div class="label-row">
                        <label for={`${id}-store`}>{m("units.occStore")}</label>
                      </div>
                      <select
                        id={`${id}-store`}
                        value={o.storeId}
                        aria-invalid={storeError ? "true" : undefined}
                        onChange={(e) =>
                          changeOccupancy(i, k, { storeId: (e.currentTarget as HTMLSelectElement).value })}
                      >
                        <option value="">{m("units.chooseStore")}</option>
                        {stores.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                      </select>
                      {storeError ? <p class="field-error">{storeError}</p> : null}
                    </div>
                    <div class="row-2">
                      <Field
                        id={`${id}-since`}
                        label={m("units.since")}
                        type="date"
                        value={o.since}
                        error={errorAt(problem, `${at}.since`)}
                        onInput={(since) => changeOccupancy(i, k, { since })}
                      />
                      <Field
                        id={`${id}-until`}
                        label={m("units.until")}
                        type="date"
                        value={o.until}
                        error={errorAt(problem, `${at}.until`)}
                        onInput={(until) => changeOccupancy(i, k, { until })}
                      />
                    </div>
                    <button
                      type="button"
                      class="danger-outline"
                      disabled={!hydrated}
                      onClick={() => change(i, { occupancies: unit.occupancies.filter((_, j) => j !== k) })}
                    >
                      {m("units.removeOccupancy")}
                    </button>
                  </div>
                );
              })}
              <button
                type="button"
                disabled={!hydrated}
                onClick={() => change(i, { occupancies: [...unit.occupancies, { storeId: "", since: "", until: "" }] })}
              >
                {m("units.addOccupancy")}
              </button>
            </fieldset>
            <div class="actions">
              <button
                type="button"
                class="danger-outline"
                disabled={!hydrated}
                onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}
              >
                {m("units.removeUnit")}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div class="actions">
        <button
          type="button"
          disabled={!hydrated}
          onClick={() => setDrafts([...drafts, { code: "", floor: "", area: "", occupancies: [] }])}
        >
          {m("units.addUnit")}
        </button>
        <button type="submit" class="primary" disabled={!hydrated || busy}>{m("units.save")}</button>
      </div>
    </form>
  );
}

function UnitsTable({ locale, units }: { locale: Locale; units: UnitRow[] }) {
  const m = datacenterMessages(locale);
  if (!units.length) return <p class="empty">{m("units.none")}</p>;
  return (
    <table class="cards">
      <thead>
        <tr>
          <th scope="col">{m("units.code")}</th>
          <th scope="col">{m("units.floor")}</th>
          <th scope="col" class="number">{m("units.unitArea")}</th>
          <th scope="col">{m("units.current")}</th>
          <th scope="col">{m("units.occupancies")}</th>
        </tr>
      </thead>
      <tbody>
        {units.map((u) => (
          <tr key={u.code}>
            <td data-label={m("units.code")}>{u.code}</td>
            <td data-label={m("units.floor")}>{u.floor}</td>
            <td data-label={m("units.unitArea")} class="number">{u.areaM2}</td>
            <td data-label={m("units.current")}>{u.current?.storeName ?? m("units.vacant")}</td>
            <td data-label={m("units.occupancies")}>
              {u.occupancies.map((o) => `${o.storeName} ${o.since} – ${o.until ?? ""}`).join("; ") || "—"}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UnitsManager(
  { locale, stores, units: initialUnits, vacancy: initialVacancy, canManage }: UnitsManagerProps,
) {
  const m = datacenterMessages(locale);
  const [units, setUnits] = useState(initialUnits);
  const [vacancy, setVacancy] = useState(initialVacancy);
  return (
    <div class="stack-lg">
      <p class="big-number" data-testid="vacancy">
        {vacancy.units
          ? m("units.vacancy", {
            rate: formatRatio(locale, vacancy.rate),
            units: vacancy.units,
            vacant: vacancy.vacant,
          })
          : m("units.vacancyNone")}
      </p>
      <section class="panel">
        <h2>{m("units.storesTitle")}</h2>
        {!canManage ? <p class="hint">{m("units.readOnly")}</p> : null}
        {!stores.length ? <p class="empty">{m("units.noStores")}</p> : canManage
          ? (
            <ul class="card-list">
              {stores.map((store) => <StoreFacts key={store.id} locale={locale} store={store} />)}
            </ul>
          )
          : (
            <table class="cards">
              <thead>
                <tr>
                  <th scope="col">{m("units.store")}</th>
                  <th scope="col">{m("units.status")}</th>
                  <th scope="col" class="number">{m("units.area")}</th>
                  <th scope="col" class="number">{m("units.staff")}</th>
                </tr>
              </thead>
              <tbody>
                {stores.map((s) => (
                  <tr key={s.id}>
                    <td data-label={m("units.store")}>{s.name}</td>
                    <td data-label={m("units.status")}>
                      {s.status === "closed" ? m("units.closed") : m("units.active")}
                    </td>
                    <td data-label={m("units.area")} class="number">{s.areaM2 ?? "—"}</td>
                    <td data-label={m("units.staff")} class="number">{s.staffCount ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </section>
      <section class="panel">
        <h2>{m("units.unitsTitle")}</h2>
        {canManage
          ? (
            <UnitsEditor
              locale={locale}
              stores={stores}
              units={units}
              onSaved={(next, nextVacancy) => {
                setUnits(next);
                setVacancy(nextVacancy);
              }}
            />
          )
          : <UnitsTable locale={locale} units={units} />}
      </section>
    </div>
  );
}

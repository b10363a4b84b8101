/**
 * The CSV import form: pick what the file holds and the file, see its first rows as the server will read them
 * (same decoder and reader, so a GBK file previews in Chinese), then import. The answer says how many rows were
 * stored and which were duplicates, or lists every problem by row and column — nothing is stored then.
 */
import { useState } from "preact/hooks";
import type { FieldProblem, Problem } from "../client/api.ts";
import { postFile } from "../client/upload.ts";
import { FormError } from "../components/fields.tsx";
import { formError } from "../components/problem-text.ts";
import { useHydrated } from "../components/use-hydrated.ts";
import { dataImportMessages } from "../i18n/data-import-messages.ts";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";
import { decodeCsv } from "../../datacenter/csv/decode.ts";
import { type CsvRecord, isBlank, parseCsv } from "../../datacenter/csv/parse.ts";

export interface CsvImportProps {
  locale: Locale;
  maxRows: number;
  maxBytes: number;
}

interface Preview {
  header: string[];
  rows: CsvRecord[];
  total: number;
  encoding: string;
}

interface ImportResult {
  rows: number;
  accepted: number;
  duplicates: { row: number; id: string }[];
}

type RowProblem = FieldProblem & { row?: number; column?: string };

const PREVIEW_ROWS = 10;

export function CsvImport({ locale, maxRows, maxBytes }: CsvImportProps) {
  const t = dataImportMessages(locale);
  const common = translator(locale);
  const hydrated = useHydrated();
  const [type, setType] = useState<"sale" | "footfall">("sale");
  const [file, setFile] = useState<{ name: string; bytes: ArrayBuffer }>();
  const [preview, setPreview] = useState<Preview>();
  const [unreadable, setUnreadable] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult>();
  const [problem, setProblem] = useState<Problem>();

  const choose = async (event: Event) => {
    const chosen = (event.currentTarget as HTMLInputElement).files?.[0];
    setResult(undefined);
    setProblem(undefined);
    setPreview(undefined);
    setUnreadable(undefined);
    setFile(undefined);
    if (!chosen) return;
    const bytes = await chosen.arrayBuffer();
    setFile({ name: chosen.name, bytes });
    try {
      const { text, encoding } = decodeCsv(new Uint8Array(bytes));
      const [header, ...data] = parseCsv(text).filter((r) => !isBlank(r));
      setPreview({
        header: header?.cells ?? [],
        rows: data.slice(0, PREVIEW_ROWS),
        total: data.length,
        encoding: encoding === "gb18030" ? "GBK" : encoding.toUpperCase(),
      });
    } catch (error) {
      // The server would refuse it too; say why now, and still let the person send it to see the server's words.
      setUnreadable((error as Error).message);
    }
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(undefined);
    setProblem(undefined);
    const answer = await postFile<ImportResult>(`/api/v1/events/csv?type=${type}`, file.bytes, "text/csv");
    setBusy(false);
    if (answer.ok) setResult(answer.data);
    else setProblem(answer.problem);
  };

  const rowProblems = (problem?.errors ?? []) as RowProblem[];
  const refused = problem && (problem.status === 422 || problem.status === 403) && rowProblems.length > 0;
  return (
    <form class="stack csv-import" onSubmit={submit}>
      <fieldset class="field">
        <legend>{t("type")}</legend>
        <div class="choices csv-types">
          {(["sale", "footfall"] as const).map((value) => (
            <label class="choice" key={value}>
              <input
                type="radio"
                name="type"
                value={value}
                checked={type === value}
                onChange={() => setType(value)}
              />
              <span>{t(`type.${value}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="csv-file">{t("file")}</label>
        <p class="hint" id="csv-file-hint">
          {t("fileHint", { rows: maxRows, mb: Math.round(maxBytes / 1024 / 1024) })}
        </p>
        <input
          id="csv-file"
          type="file"
          accept=".csv,text/csv"
          aria-describedby="csv-file-hint"
          onChange={choose}
        />
      </div>
      {unreadable ? <p class="form-error" role="alert">{t("unreadable", { message: unreadable })}</p> : null}
      {preview
        ? (
          <div class="csv-preview">
            <p>
              <strong>
                {t("preview", { shown: preview.rows.length, rows: preview.total, encoding: preview.encoding })}
              </strong>
            </p>
            {preview.rows.length
              ? (
                <div class="table-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t("col.row")}</th>
                        {preview.header.map((h, i) => <th scope="col" key={i}>{h}</th>)}
                      </tr>
                    </thead>
                    <tbody>
                      {preview.rows.map((r) => (
                        <tr key={r.row}>
                          <th scope="row">{r.row}</th>
                          {preview.header.map((_, i) => <td key={i}>{r.cells[i] ?? ""}</td>)}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )
              : <p class="empty">{t("previewEmpty")}</p>}
          </div>
        )
        : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={!hydrated || busy || !file}>
          {busy ? t("importing") : t("import")}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {result
          ? (
            <div class="notice success" data-import-result>
              <p>
                <strong>{t("done", { accepted: result.accepted, rows: result.rows })}</strong>
              </p>
              {result.duplicates.length
                ? (
                  <p>
                    {t("duplicates", {
                      count: result.duplicates.length,
                      rows: result.duplicates.map((d) => d.row).join(locale === "en-US" ? ", " : "、"),
                    })}
                  </p>
                )
                : null}
            </div>
          )
          : null}
      </div>
      {refused
        ? (
          <div class="form-error" role="alert" data-import-problems>
            <p>{problem.status === 403 ? t("forbidden") : t("refused")}</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("col.row")}</th>
                  <th scope="col">{t("col.column")}</th>
                  <th scope="col">{t("col.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {rowProblems.map((p) => (
                  <tr key={p.field}>
                    <td>{p.row ?? "—"}</td>
                    <td>{p.column ?? (p.field.startsWith("header.") ? p.field.slice("header.".length) : "—")}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
        : problem
        ? <FormError message={problem.status === 413 ? t("tooLarge") : formError(problem, [], common)} />
        : null}
    </form>
  );
}

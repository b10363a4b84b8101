/**
 * `/console/data/import`: sales and footfall from a spreadsheet, for stores without a connected till or counter.
 * The form is an island (file, preview, result); below it, every column the import understands, from the same list
 * the API reads the file with, so the page never promises a column the server refuses.
 */
import { IMPORT_COLUMNS, type ImportType } from "../../datacenter/csv/columns.ts";
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from "../../datacenter/csv/import-csv.ts";
import { dataImportMessages } from "../i18n/data-import-messages.ts";
import { Island } from "../island.tsx";
import { signedInPrincipal, type UiPage } from "../page.ts";

const EXAMPLES: Record<ImportType, string> = {
  sale: "小票号,金额(元),支付方式,时间\nR-0001,128.50,微信,2026-03-01 14:30\nR-0002,36,现金,2026-03-01 15:05",
  footfall: "计数器,区域,进,出,时间\ndoor-1,1F,120,98,2026-03-01 14:00",
};

export const dataImportPage: UiPage = {
  path: "/console/data/import",
  access: { permission: "data:import" },
  nav: {
    label: { zh: "数据导入", en: "Data import" },
    description: { zh: "用 CSV 文件导入历史销售和客流", en: "Import historical sales and footfall from CSV" },
    order: 12,
  },
  render: async (ctx) => {
    const { locale } = ctx;
    const t = dataImportMessages(locale);
    const principal = signedInPrincipal(ctx);
    let storeName: string | undefined;
    if (principal.organisationId) {
      const stores = await ctx.api.get<{ items: { id: string; name: string }[] }>("/api/v1/stores");
      storeName = stores.ok ? stores.data.items.find((s) => s.id === principal.organisationId)?.name : undefined;
    }
    return {
      title: t("title"),
      body: (
        <>
          <h1>{t("title")}</h1>
          <p class="lead">{t("lead")}</p>
          {storeName ? <p>{t("leadStore", { store: storeName })}</p> : null}
          <section class="panel">
            <Island name="CsvImport" props={{ locale, maxRows: MAX_CSV_ROWS, maxBytes: MAX_CSV_BYTES }} />
          </section>
          <section aria-labelledby="csv-columns-title">
            <h2 id="csv-columns-title">{t("columnsTitle")}</h2>
            {(["sale", "footfall"] as const).map((type) => (
              <details class="stack csv-columns-of" key={type}>
                <summary>
                  <h3>{t(`columns.${type}`)}</h3>
                </summary>
                <table class="cards csv-columns">
                  <thead>
                    <tr>
                      <th scope="col">{t("col.name")}</th>
                      <th scope="col">{t("col.aliases")}</th>
                      <th scope="col">{t("col.required")}</th>
                      <th scope="col">{t("col.what")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {IMPORT_COLUMNS[type].map((column) => (
                      <tr key={column.name}>
                        <td data-label={t("col.name")}>
                          <code>{column.name}</code>
                        </td>
                        <td data-label={t("col.aliases")}>{[column.zh, ...column.aliases].join("、")}</td>
                        <td data-label={t("col.required")}>{column.required ? t("yes") : ""}</td>
                        <td data-label={t("col.what")}>{locale === "en-US" ? column.doc : column.docZh}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p class="hint">{t("example")}</p>
                <pre class="code">{EXAMPLES[type]}</pre>
              </details>
            ))}
          </section>
        </>
      ),
    };
  },
};

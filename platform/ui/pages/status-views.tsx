/** The pages for "you may not", "there is nothing here" and "something broke". */
import type { PageContext, PageView } from "../page.ts";

export function noAccessView(ctx: PageContext): PageView {
  const { t } = ctx;
  return {
    title: t("noAccess.title"),
    status: 403,
    body: (
      <section class="message-page">
        <h1>{t("noAccess.title")}</h1>
        <p>{t("noAccess.body")}</p>
        <p>
          <a class="button" href="/console">{t("noAccess.back")}</a>
        </p>
      </section>
    ),
  };
}

export function notFoundView(ctx: PageContext, message?: string): PageView {
  const { t } = ctx;
  return {
    title: t("notFound.title"),
    status: 404,
    body: (
      <section class="message-page">
        <h1>{t("notFound.title")}</h1>
        <p>{message ?? t("notFound.body")}</p>
        <p>
          <a class="button" href={ctx.principal ? "/console" : "/"}>{t("notFound.back")}</a>
        </p>
      </section>
    ),
  };
}

export function errorView(ctx: PageContext): PageView {
  const { t } = ctx;
  return {
    title: t("error.title"),
    status: 500,
    body: (
      <section class="message-page">
        <h1>{t("error.title")}</h1>
        <p>{t("error.server")}</p>
        <p class="hint">{t("error.requestId", { id: ctx.c.get("requestId") })}</p>
      </section>
    ),
  };
}

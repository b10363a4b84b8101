/** A page's view inside the document and the console frame, as the HTML answer. */
import { renderToString } from "preact-render-to-string";
import { uiBundle } from "./build/bundle.ts";
import { Document } from "./document.tsx";
import { Layout } from "./layout.tsx";
import type { NavEntry } from "./nav.ts";
import type { PageContext, PageView } from "./page.ts";
import { stylesheet } from "./stylesheet.ts";

export function currentPathOf(ctx: PageContext): string {
  const url = new URL(ctx.c.req.url);
  return url.pathname + url.search;
}

export async function renderView(ctx: PageContext, view: PageView, nav: NavEntry[]): Promise<Response> {
  const [bundle, css] = await Promise.all([uiBundle(), stylesheet()]);
  const html = renderToString(
    <Document
      locale={ctx.locale}
      title={`${view.title} · ${ctx.t("app.name")}`}
      styleUrl={css.url}
      scriptUrl={bundle.entryUrl}
      csrfToken={ctx.principal?.csrfToken}
    >
      <Layout
        locale={ctx.locale}
        t={ctx.t}
        principal={ctx.principal}
        nav={nav}
        currentPath={currentPathOf(ctx)}
        narrow={view.narrow}
        frame={view.frame}
      >
        {view.body}
      </Layout>
    </Document>,
  );
  // Pages carry the person's data and CSRF token: never cached, by the browser or anything between.
  return ctx.c.html(`<!doctype html>${html}`, view.status ?? 200, {
    "cache-control": "no-store",
    "content-language": ctx.locale,
  });
}

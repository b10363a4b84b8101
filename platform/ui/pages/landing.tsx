/** `/`: what this is, and the ways in — the console, store registration, the API. */
import type { UiPage } from "../page.ts";

export const landingPage: UiPage = {
  path: "/",
  access: "public",
  render: ({ t, principal }) => ({
    title: t("landing.title"),
    body: (
      <section class="hero">
        <h1>{t("app.name")}</h1>
        <p class="lead">{t("landing.lead")}</p>
        <ul class="tiles">
          <li>
            <a class="tile" href={principal ? "/console" : "/login"}>
              <strong>{principal ? t("landing.console") : t("landing.signIn")}</strong>
              <span>{t("landing.consoleText")}</span>
            </a>
          </li>
          <li>
            <a class="tile" href="/register">
              <strong>{t("landing.register")}</strong>
              <span>{t("landing.registerText")}</span>
            </a>
          </li>
          <li>
            <a class="tile" href="/api/docs">
              <strong>{t("landing.apiDocs")}</strong>
              <span>{t("landing.apiDocsText")}</span>
            </a>
          </li>
        </ul>
        <p class="hint">
          <a href="/healthz">{t("landing.health")}</a>
        </p>
      </section>
    ),
  }),
};

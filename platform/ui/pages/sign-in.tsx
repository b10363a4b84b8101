/** `/login`: the sign-in form; signed-in visitors go straight on. */
import { Island } from "../island.tsx";
import type { UiPage } from "../page.ts";
import { safeNext } from "../safe-next.ts";

export const signInPage: UiPage = {
  path: "/login",
  access: "public",
  render: ({ c, t, locale, principal }) => {
    const next = safeNext(c.req.query("next")) ?? "/console";
    if (principal) return c.redirect(next, 302);
    return {
      title: t("signIn.title"),
      narrow: true,
      body: (
        <section class="panel">
          <h1>{t("signIn.title")}</h1>
          <Island name="SignInForm" props={{ locale, next, login: c.req.query("login")?.slice(0, 64) }} />
          <p class="hint">
            {t("signIn.storeHint")} <a href="/register">{t("signIn.registerLink")}</a>
          </p>
        </section>
      ),
    };
  },
};

/**
 * The console's frame: header (product, district, person, sign-out, language), navigation by permission, main.
 * Sign-out and the language switch are a plain form and a plain link, so the frame works without JavaScript.
 */
import type { ComponentChildren } from "preact";
import { ROLE_NAMES } from "../identity/permissions.ts";
import type { UserPrincipal } from "../identity/principal.ts";
import type { Locale } from "./i18n/locale.ts";
import { bilingual, type Translate } from "./i18n/translate.ts";
import type { Label, NavEntry } from "./nav.ts";

export interface LayoutProps {
  locale: Locale;
  t: Translate;
  principal?: UserPrincipal;
  nav: NavEntry[];
  /** Path and query of this page: the language switch and sign-in come back here. */
  currentPath: string;
  narrow?: boolean;
  /** "consumer": shoppers' pages — a plain header (language switch only), no navigation, a narrow column. */
  frame?: "console" | "consumer";
  children: ComponentChildren;
}

export function labelText(locale: Locale, t: Translate, label: Label): string {
  return typeof label === "string" ? t(label) : bilingual(locale, label);
}

function districtName(locale: Locale, principal: UserPrincipal): string | undefined {
  const district = principal.tenants.find((tenant) => tenant.id === principal.tenantId);
  return district && bilingual(locale, { zh: district.nameZh, en: district.nameEn });
}

function isCurrent(href: string, path: string): boolean {
  const pathname = path.split("?")[0];
  return href === "/console" ? pathname === href : pathname === href || pathname.startsWith(`${href}/`);
}

/** The entry of this page: the longest that matches, so /console/plugins/x marks its own entry, not /console/plugins. */
function currentHref(nav: NavEntry[], path: string): string | undefined {
  return nav.map((entry) => entry.href).filter((href) => isCurrent(href, path))
    .sort((a, b) => b.length - a.length)[0];
}

function LanguageSwitch({ locale, currentPath }: { locale: Locale; currentPath: string }) {
  const other: Locale = locale === "zh-CN" ? "en-US" : "zh-CN";
  const href = `/ui/lang/${other}?next=${encodeURIComponent(currentPath)}`;
  return (
    <a class="lang-switch" href={href} hreflang={other} lang={other}>
      {other === "en-US" ? "English" : "中文"}
    </a>
  );
}

function ConsumerLayout({ locale, t, currentPath, children }: LayoutProps) {
  return (
    <>
      <a class="skip-link" href="#main">{t("layout.skipToContent")}</a>
      <header class="top-bar consumer">
        <div class="brand">
          <span class="product">{t("app.name")}</span>
        </div>
        <div class="account">
          <LanguageSwitch locale={locale} currentPath={currentPath} />
        </div>
      </header>
      <main id="main" class="narrow consumer" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export function Layout(props: LayoutProps) {
  if (props.frame === "consumer") return <ConsumerLayout {...props} />;
  const { locale, t, principal, nav, currentPath, narrow, children } = props;
  const district = principal && districtName(locale, principal);
  const current = currentHref(nav, currentPath);
  return (
    <>
      <a class="skip-link" href="#main">{t("layout.skipToContent")}</a>
      <header class="top-bar">
        <div class="brand">
          <a class="product" href={principal ? "/console" : "/"}>{t("app.name")}</a>
          {district ? <span class="district">{district}</span> : null}
        </div>
        <div class="account">
          {principal
            ? (
              <>
                <span class="person">
                  {principal.displayName}
                  {principal.roles.length
                    ? (
                      <span class="role">
                        {principal.roles.map((r) => bilingual(locale, ROLE_NAMES[r])).join("、")}
                      </span>
                    )
                    : null}
                </span>
                <form method="post" action="/logout" class="sign-out">
                  <input type="hidden" name="_csrf" value={principal.csrfToken} />
                  <button type="submit" class="link-button">{t("layout.signOut")}</button>
                </form>
              </>
            )
            : currentPath.startsWith("/login")
            ? null
            : <a href="/login">{t("layout.signIn")}</a>}
          <LanguageSwitch locale={locale} currentPath={currentPath} />
        </div>
      </header>
      {nav.length
        ? (
          <nav class="main-nav" aria-label={t("layout.navigation")}>
            <ul>
              {nav.map((entry) => (
                <li key={entry.href}>
                  <a href={entry.href} aria-current={entry.href === current ? "page" : undefined}>
                    {labelText(locale, t, entry.label)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )
        : null}
      <main id="main" class={narrow ? "narrow" : undefined} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

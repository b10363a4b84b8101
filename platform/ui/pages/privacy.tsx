/**
 * `/console/privacy`: personal-information protection for the district's operator — one navigation entry for
 * three sections, each on its own page under its own permission (the API checks the same one): data-subject
 * requests and consent (privacy:requests), retention (privacy:retention), masking (privacy:settings). The entry
 * and this page open for whoever holds any of them; each page shows the sections one may open as tabs.
 */
import type { ComponentChildren } from "preact";
import type { UserPrincipal } from "../../identity/principal.ts";
import type { MessageKey, Translate } from "../i18n/translate.ts";
import { signedInPrincipal, type UiPage } from "../page.ts";

export interface PrivacySection {
  path: string;
  permission: string;
  label: MessageKey;
  description: MessageKey;
}

export const PRIVACY_SECTIONS: readonly PrivacySection[] = [
  {
    path: "/console/privacy/requests",
    permission: "privacy:requests",
    label: "privacy.requests.title",
    description: "privacy.requests.text",
  },
  {
    path: "/console/privacy/retention",
    permission: "privacy:retention",
    label: "privacy.retention.title",
    description: "privacy.retention.text",
  },
  {
    path: "/console/privacy/masking",
    permission: "privacy:settings",
    label: "privacy.masking.title",
    description: "privacy.masking.text",
  },
];

function sectionsFor(principal: UserPrincipal): PrivacySection[] {
  return PRIVACY_SECTIONS.filter((section) => principal.permissions.has(section.permission));
}

/** The sections this person may open, as tabs under the page heading. */
export function PrivacyTabs({ principal, current, t }: { principal: UserPrincipal; current: string; t: Translate }) {
  const sections = sectionsFor(principal);
  if (sections.length < 2) return null;
  return (
    <nav class="sub-nav" aria-label={t("privacy.sections")}>
      <ul>
        {sections.map((section) => (
          <li key={section.path}>
            <a href={section.path} aria-current={section.path === current ? "page" : undefined}>
              {t(section.label)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const privacyPage: UiPage = {
  path: "/console/privacy",
  access: { anyPermission: PRIVACY_SECTIONS.map((section) => section.permission) },
  nav: { label: "privacy.nav", description: "privacy.navText", order: 60 },
  render: (ctx) => {
    const { t } = ctx;
    const sections = sectionsFor(signedInPrincipal(ctx));
    return {
      title: t("privacy.title"),
      body: (
        <>
          <h1>{t("privacy.title")}</h1>
          <p class="lead">{t("privacy.lead")}</p>
          <ul class="tiles">
            {sections.map((section) => (
              <li key={section.path}>
                <a class="tile" href={section.path}>
                  <strong>{t(section.label)}</strong>
                  <span>{t(section.description)}</span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ),
    };
  },
};

/** A section page: its heading and the tabs, then the section itself. */
export function sectionFrame(
  t: Translate,
  principal: UserPrincipal,
  section: PrivacySection,
  lead: MessageKey,
  body: ComponentChildren,
) {
  return {
    title: `${t(section.label)} · ${t("privacy.title")}`,
    body: (
      <>
        <p class="breadcrumb">
          <a href="/console/privacy">{t("privacy.title")}</a>
        </p>
        <h1>{t(section.label)}</h1>
        <PrivacyTabs principal={principal} current={section.path} t={t} />
        <p class="lead">{t(lead)}</p>
        {body}
      </>
    ),
  };
}

export function privacySection(path: string): PrivacySection {
  const section = PRIVACY_SECTIONS.find((s) => s.path === path);
  if (!section) throw new Error(`no privacy section at ${path}`);
  return section;
}

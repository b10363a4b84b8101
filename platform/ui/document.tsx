/** The HTML document around every page: language, viewport, the stylesheet, the CSRF token, the bundle. */
import type { ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import type { Locale } from "./i18n/locale.ts";
import { IslandsOnPage } from "./islands-on-page.ts";

export interface DocumentProps {
  locale: Locale;
  title: string;
  styleUrl: string;
  scriptUrl: string;
  /** For islands that call the API as the signed-in person (X-CSRF-Token); absent when nobody is signed in. */
  csrfToken?: string;
  children: ComponentChildren;
}

function BundleScript({ src }: { src: string }) {
  const islands = useContext(IslandsOnPage);
  return islands?.size ? <script type="module" src={src} /> : null;
}

export function Document(props: DocumentProps) {
  return (
    <html lang={props.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{props.title}</title>
        <link rel="stylesheet" href={props.styleUrl} />
        {props.csrfToken ? <meta name="csrf-token" content={props.csrfToken} /> : null}
      </head>
      <body>
        <IslandsOnPage.Provider value={new Set()}>
          {props.children}
          <BundleScript src={props.scriptUrl} />
        </IslandsOnPage.Provider>
      </body>
    </html>
  );
}

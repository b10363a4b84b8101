/**
 * A secret or link shown once, in a read-only field with a copy button. The field is selectable by hand too,
 * for browsers that refuse clipboard access.
 */
import { useState } from "preact/hooks";
import type { Locale } from "../i18n/locale.ts";
import { translator } from "../i18n/translate.ts";

export function CopyText({ locale, id, label, text }: { locale: Locale; id: string; label: string; text: string }) {
  const t = translator(locale);
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      const input = document.getElementById(id) as HTMLInputElement | null;
      input?.select();
      setCopied(document.execCommand?.("copy") ? "yes" : "no");
    }
  };
  return (
    <div class="copy-text">
      <label for={id}>{label}</label>
      <div class="copy-row">
        <input id={id} type="text" readOnly value={text} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" onClick={copy}>{t("common.copy")}</button>
      </div>
      <p class="copy-status" role="status" aria-live="polite">
        {copied === "yes" ? t("common.copied") : copied === "no" ? t("common.copyByHand") : ""}
      </p>
    </div>
  );
}

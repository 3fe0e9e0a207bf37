// A stay's codes, each with a copy button (shown once after creating the
// stay, and again on request while it lasts).

import { html, type TemplateResult } from "lit";
import { formatDateTime } from "../format";
import type { StringKey, Translate } from "../i18n";
import { mdiContentCopy } from "../icons";
import type { Code } from "../types";

export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

export function renderCodes(
  t: Translate,
  language: string,
  codes: Code[],
  onCopied: (code: Code) => void,
): TemplateResult {
  return html`<p class="muted">${t("codes_once")}</p>
    <ul class="list">
      ${codes.map(
        (code) => html`<li>
          <div class="grow">
            <div class="muted">${code.room_name} · ${t(`kind_${code.kind}` as StringKey)}</div>
            <div class="code" aria-live="polite">${code.code}</div>
            <div class="muted">${t("valid_until", { when: formatDateTime(language, code.valid_until) })}</div>
            ${code.confirmed === false
              ? html`<div class="warn">
                  ${t(code.kind === "offline_password" ? "offline_password_not_confirmed" : "code_pending")}
                </div>`
              : ""}
          </div>
          <ha-icon-button
            .path=${mdiContentCopy}
            .label=${t("copy_code", { room: code.room_name })}
            @click=${() => copyText(code.code).then(() => onCopied(code))}
          ></ha-icon-button>
        </li>`,
      )}
    </ul>`;
}

// What every dialog of the panel shares: Home Assistant's ha-dialog, the
// translate function, errors shown where the user acted.

import { LitElement, css, type PropertyValues } from "lit";
import { errorMessage } from "../api";
import type { Translate } from "../i18n";
import { sharedStyles } from "../styles";
import type { HomeAssistant } from "../types";

export const dialogStyles = [
  sharedStyles,
  css`
      ha-alert {
        display: block;
        margin-bottom: 12px;
      }
      ha-input {
        display: block;
      }
      .section {
        margin-top: 8px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        margin-top: 8px;
      }
    `,
  ];

export class DialogBase extends LitElement {
  static override properties = {
    hass: { attribute: false },
    t: { attribute: false },
    language: {},
    _open: { state: true },
    _error: { state: true },
    _busy: { state: true },
  };

  declare hass: HomeAssistant;
  declare t: Translate;
  declare language: string;
  declare _open: boolean;
  declare _error: string | undefined;
  declare _busy: boolean;

  constructor() {
    super();
    this.language = "en";
    this._open = true;
    this._busy = false;
  }

  close(): void {
    this._open = false;
  }

  /** Re-sent as hl-closed when this dialog's own ha-dialog has closed. */
  protected _onClosed(ev: Event): void {
    if (ev.target !== ev.currentTarget) return;
    ev.stopPropagation();
    this.dispatchEvent(new CustomEvent("hl-closed", { bubbles: true, composed: true }));
  }

  /** Run an action; show its error in the dialog when it fails. */
  protected async _run<T>(action: () => Promise<T>): Promise<T | undefined> {
    this._busy = true;
    this._error = undefined;
    try {
      return await action();
    } catch (err) {
      this._error = await errorMessage(this.hass, this.t, err);
      return undefined;
    } finally {
      this._busy = false;
    }
  }

  protected _notify(message: string): void {
    this.dispatchEvent(
      new CustomEvent("hass-notification", { detail: { message }, bubbles: true, composed: true }),
    );
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    const autofocus = this.renderRoot.querySelector("[autofocus]") as HTMLElement | null;
    if (autofocus) setTimeout(() => autofocus.focus(), 100);
  }

  static override styles = dialogStyles;
}

// Unlock a room whose platform asks for the unlock PIN.

import { html } from "lit";
import { call } from "../api";
import type { Room } from "../types";
import { DialogBase } from "./base";

export class UnlockDialog extends DialogBase {
  static override properties = { ...DialogBase.properties, room: { attribute: false } };
  declare room: Room;

  private _code = "";

  override render() {
    const t = this.t;
    return html`<ha-dialog
      .open=${this._open}
      width="small"
      header-title=${t("unlock_room", { room: this.room.name })}
      @closed=${this._onClosed}
    >
      ${this._error ? html`<ha-alert alert-type="error">${this._error}</ha-alert>` : ""}
      <form @submit=${this._submit}>
        <ha-input
          type="password"
          inputmode="numeric"
          autocomplete="off"
          .label=${t("unlock_code")}
          .hint=${t("unlock_code_hint")}
          autofocus
          @input=${(ev: Event) => (this._code = (ev.target as HTMLInputElement).value ?? "")}
          @keydown=${(ev: KeyboardEvent) => ev.key === "Enter" && this._submit(ev)}
        ></ha-input>
      </form>
      <ha-dialog-footer slot="footer">
        <ha-button slot="secondaryAction" appearance="plain" @click=${this.close}>${t("cancel")}</ha-button>
        <ha-button slot="primaryAction" .loading=${this._busy} @click=${this._submit}>${t("unlock")}</ha-button>
      </ha-dialog-footer>
    </ha-dialog>`;
  }

  private async _submit(ev: Event): Promise<void> {
    ev.preventDefault();
    if (this._busy) return;
    const done = await this._run(() =>
      call(this.hass, "frontdesk/unlock", {
        entry_id: this.room.entry_id,
        room_id: this.room.room_id,
        code: this._code,
      }).then(() => true),
    );
    if (done) {
      this._notify(this.t("unlock_sent", { room: this.room.name }));
      this.close();
    }
  }
}

customElements.define("hl-unlock-dialog", UnlockDialog);

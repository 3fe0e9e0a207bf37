// Key cards at the desk encoder: write a card for a room (and its stay),
// read the card lying on the encoder, clear it.

import { css, html, nothing, type TemplateResult } from "lit";
import { call } from "../api";
import { formatDateTime, fromLocalInput, toLocalInput } from "../format";
import type { RoomStore } from "../rooms";
import type { CardRead, Room, RoomRef } from "../types";
import { DialogBase, dialogStyles } from "./base";

interface CardWritten {
  card_id: string;
  authorized_at: string;
  valid_until: string;
  room: RoomRef;
}

export class CardDialog extends DialogBase {
  static override properties = {
    ...DialogBase.properties,
    store: { attribute: false },
    roomKey: {},
    _entryId: { state: true },
    _validUntil: { state: true },
    _result: { state: true },
  };
  declare store: RoomStore;
  declare roomKey: string | undefined;
  declare _entryId: string | undefined;
  declare _validUntil: string;
  declare _result: TemplateResult | undefined;

  constructor() {
    super();
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(12, 0, 0, 0);
    this._validUntil = toLocalInput(tomorrow);
  }

  private get _room(): Room | undefined {
    return this.roomKey ? this.store.rooms.get(this.roomKey) : undefined;
  }

  private get _entry(): string | undefined {
    return this._room?.entry_id ?? this._entryId ?? [...this.store.entries.values()].find((e) => e.loaded)?.entry_id;
  }

  override render() {
    const t = this.t;
    const room = this._room;
    const entries = [...this.store.entries.values()].filter((entry) => entry.loaded);
    return html`<ha-dialog .open=${this._open} width="medium" header-title=${t("cards_title")} @closed=${this._onClosed}>
      ${this._error ? html`<ha-alert alert-type="error">${this._error}</ha-alert>` : nothing}
      ${this._result ? html`<ha-alert alert-type="success">${this._result}</ha-alert>` : nothing}
      ${!room && entries.length > 1
        ? html`<label class="section">
            <span class="muted">${t("card_platform")}</span>
            <select
              @change=${(ev: Event) => (this._entryId = (ev.target as HTMLSelectElement).value)}
            >
              ${entries.map(
                (entry) => html`<option value=${entry.entry_id} ?selected=${entry.entry_id === this._entry}>
                  ${entry.title}
                </option>`,
              )}
            </select>
          </label>`
        : nothing}
      ${room ? this._renderWrite(room) : nothing}
      <h3>${t("card_on_encoder")}</h3>
      <div class="actions">
        <ha-button appearance="outlined" .loading=${this._busy} @click=${this._read}>${t("card_read")}</ha-button>
        <ha-button appearance="outlined" variant="danger" .loading=${this._busy} @click=${this._clear}
          >${t("card_clear")}</ha-button
        >
      </div>
      <ha-dialog-footer slot="footer">
        <ha-button slot="primaryAction" appearance="plain" @click=${this.close}>${t("close")}</ha-button>
      </ha-dialog-footer>
    </ha-dialog>`;
  }

  private _renderWrite(room: Room): TemplateResult {
    const t = this.t;
    const stay = room.stay ?? room.next_stay;
    return html`<h3>${t("card_write")} · ${room.name}</h3>
      <p class="muted">${t("card_write_hint")}</p>
      ${stay
        ? html`<p>${t("card_for_stay")}: <strong>${stay.guest}</strong>
            (${formatDateTime(this.language, stay.arrival)} – ${formatDateTime(this.language, stay.departure)})</p>`
        : html`<ha-input
            type="datetime-local"
            .label=${t("card_no_stay")}
            .value=${this._validUntil}
            @input=${(ev: Event) => (this._validUntil = (ev.target as HTMLInputElement).value ?? "")}
          ></ha-input>`}
      <div class="actions">
        <ha-button .loading=${this._busy} @click=${() => this._write(room)}>${t("card_write")}</ha-button>
      </div>`;
  }

  private async _write(room: Room): Promise<void> {
    const stay = room.stay ?? room.next_stay;
    this._result = undefined;
    const written = await this._run(() =>
      call<CardWritten>(this.hass, "card/write", {
        entry_id: room.entry_id,
        room_id: room.room_id,
        ...(stay ? { stay_id: stay.stay_id } : { valid_until: fromLocalInput(this._validUntil) }),
      }),
    );
    if (written) {
      this._result = html`${this.t("card_written", {
        card: written.card_id,
        room: written.room.name,
        until: formatDateTime(this.language, written.valid_until),
      })}`;
    }
  }

  private async _read(): Promise<void> {
    const entryId = this._entry;
    this._result = undefined;
    const card = await this._run(() => call<CardRead>(this.hass, "card/read", { entry_id: entryId }));
    if (!card) return;
    const t = this.t;
    const when = (iso: string | null) => formatDateTime(this.language, iso);
    this._result = html`<strong>${t("card_read_result", { card: card.card_id })}</strong><br />
      ${card.room
        ? html`${t("card_read_room", { room: card.room.name })}${card.stay ? html` · ${card.stay.guest}` : nothing}<br />
            ${t("card_valid", { from: when(card.valid_from), until: when(card.valid_until) })}`
        : t("card_blank")}`;
  }

  private async _clear(): Promise<void> {
    const entryId = this._entry;
    this._result = undefined;
    const cleared = await this._run(() =>
      call<{ card_id: string; room: RoomRef | null }>(this.hass, "card/clear", { entry_id: entryId }),
    );
    if (cleared) this._result = html`${this.t("card_cleared", { card: cleared.card_id })}`;
  }

  static override styles = [
    ...dialogStyles,
    css`
      select {
        display: block;
        margin: 4px 0 12px;
        padding: 8px;
        font: inherit;
        color: var(--primary-text-color);
        background: var(--card-background-color);
        border: 1px solid var(--divider-color);
        border-radius: 8px;
      }
    `,
  ];
}

customElements.define("hl-card-dialog", CardDialog);

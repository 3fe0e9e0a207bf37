// A new stay, or a code for a guest: guest, rooms, window, kinds; then the
// drawn codes, shown once with a copy button.

import { css, html, nothing, type TemplateResult } from "lit";
import { call } from "../api";
import { fromLocalInput, toLocalInput } from "../format";
import type { StringKey } from "../i18n";
import { mdiClose } from "../icons";
import { searchWords, type RoomStore } from "../rooms";
import type { Code, Stay } from "../types";
import { DialogBase, dialogStyles } from "./base";
import { renderCodes } from "./codes";

const KINDS = ["pin", "offline_password"] as const;
const SUGGESTIONS = 8;

function defaultDeparture(): Date {
  const date = new Date();
  date.setDate(date.getDate() + 1);
  date.setHours(12, 0, 0, 0);
  return date;
}

export class StayDialog extends DialogBase {
  static override properties = {
    ...DialogBase.properties,
    store: { attribute: false },
    roomKeys: { attribute: false },
    _guest: { state: true },
    _rooms: { state: true },
    _roomSearch: { state: true },
    _arrival: { state: true },
    _departure: { state: true },
    _kinds: { state: true },
    _result: { state: true },
  };
  declare store: RoomStore;
  declare roomKeys: string[];
  declare _guest: string;
  declare _rooms: string[];
  declare _roomSearch: string;
  declare _arrival: string;
  declare _departure: string;
  declare _kinds: Set<string>;
  declare _result: { stay: Stay; codes: Code[] } | undefined;

  constructor() {
    super();
    this._guest = "";
    this._rooms = [];
    this._roomSearch = "";
    this._arrival = toLocalInput(new Date());
    this._departure = toLocalInput(defaultDeparture());
    this._kinds = new Set(["pin"]);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._rooms.length === 0) this._rooms = [...(this.roomKeys ?? [])];
    // What the platform's options give a stay, unless the staff choose otherwise.
    const entryId = this.store.rooms.get(this._rooms[0] ?? "")?.entry_id;
    const entry = entryId
      ? this.store.entries.get(entryId)
      : [...this.store.entries.values()].find((e) => e.loaded);
    if (entry?.stay_credentials?.length) this._kinds = new Set(entry.stay_credentials);
  }

  override render() {
    const t = this.t;
    const title = this._result ? t("codes_title", { guest: this._result.stay.guest }) : t("new_stay");
    return html`<ha-dialog .open=${this._open} width="medium" header-title=${title} @closed=${this._onClosed}>
      ${this._error ? html`<ha-alert alert-type="error">${this._error}</ha-alert>` : nothing}
      ${this._result ? this._renderResult() : this._renderForm()}
    </ha-dialog>`;
  }

  private _renderResult(): TemplateResult {
    const t = this.t;
    return html`${renderCodes(t, this.language, this._result!.codes, () => this._notify(t("copied")))}
      <ha-dialog-footer slot="footer">
        <ha-button slot="primaryAction" @click=${this.close}>${t("close")}</ha-button>
      </ha-dialog-footer>`;
  }

  private _renderForm(): TemplateResult {
    const t = this.t;
    const chosen = this._rooms.map((key) => this.store.rooms.get(key)).filter((room) => room !== undefined);
    const words = searchWords(this._roomSearch);
    const entryId = chosen[0]?.entry_id;
    const suggestions = words.length
      ? [...this.store.rooms.values()]
          .filter(
            (room) =>
              !this._rooms.includes(room.key) &&
              (entryId === undefined || room.entry_id === entryId) &&
              words.every((word) => room.name.toLocaleLowerCase().includes(word)),
          )
          .slice(0, SUGGESTIONS)
      : [];
    const valid = this._guest.trim() && chosen.length > 0 && this._kinds.size > 0 && this._arrival < this._departure;
    return html`
      <ha-input
        .label=${t("guest")}
        .value=${this._guest}
        required
        autofocus
        @input=${(ev: Event) => (this._guest = (ev.target as HTMLInputElement).value ?? "")}
      ></ha-input>
      <div class="section">
        <div class="muted">${t("rooms")}</div>
        <div class="chosen">
          ${chosen.map(
            (room) => html`<span class="room-chip"
              >${room.name}<ha-icon-button
                .path=${mdiClose}
                .label=${t("remove_room", { room: room.name })}
                @click=${() => (this._rooms = this._rooms.filter((key) => key !== room.key))}
              ></ha-icon-button
            ></span>`,
          )}
        </div>
        <ha-input
          .label=${t("choose_rooms")}
          .value=${this._roomSearch}
          @input=${(ev: Event) => (this._roomSearch = (ev.target as HTMLInputElement).value ?? "")}
        ></ha-input>
        ${suggestions.length
          ? html`<div class="suggestions" role="listbox" aria-label=${t("choose_rooms")}>
              ${suggestions.map(
                (room) => html`<ha-button
                  size="small"
                  appearance="outlined"
                  role="option"
                  @click=${() => {
                    this._rooms = [...this._rooms, room.key];
                    this._roomSearch = "";
                  }}
                  >${room.name}</ha-button
                >`,
              )}
            </div>`
          : nothing}
      </div>
      <div class="dates">
        <ha-input
          type="datetime-local"
          .label=${t("arrival")}
          .value=${this._arrival}
          @input=${(ev: Event) => (this._arrival = (ev.target as HTMLInputElement).value ?? "")}
        ></ha-input>
        <ha-input
          type="datetime-local"
          .label=${t("departure")}
          .value=${this._departure}
          @input=${(ev: Event) => (this._departure = (ev.target as HTMLInputElement).value ?? "")}
        ></ha-input>
      </div>
      <div class="section" role="group" aria-label=${t("kinds")}>
        <div class="muted">${t("kinds")}</div>
        ${KINDS.map(
          (kind) => html`<ha-checkbox
            .checked=${this._kinds.has(kind)}
            @change=${(ev: Event) => this._toggleKind(kind, (ev.target as HTMLInputElement).checked)}
            >${t(`kind_${kind}` as StringKey)}</ha-checkbox
          >`,
        )}
      </div>
      <ha-dialog-footer slot="footer">
        <ha-button slot="secondaryAction" appearance="plain" @click=${this.close}>${t("cancel")}</ha-button>
        <ha-button slot="primaryAction" .loading=${this._busy} ?disabled=${!valid} @click=${this._create}
          >${t("create_stay")}</ha-button
        >
      </ha-dialog-footer>
    `;
  }

  private _toggleKind(kind: string, checked: boolean): void {
    const kinds = new Set(this._kinds);
    if (checked) kinds.add(kind);
    else kinds.delete(kind);
    this._kinds = kinds;
  }

  private async _create(): Promise<void> {
    const rooms = this._rooms.map((key) => this.store.rooms.get(key)).filter((room) => room !== undefined);
    if (rooms.length === 0) return;
    const result = await this._run(() =>
      call<{ stay: Stay; codes: Code[] }>(this.hass, "stay/create", {
        entry_id: rooms[0].entry_id,
        guest: this._guest.trim(),
        room_ids: rooms.map((room) => room.room_id),
        arrival: fromLocalInput(this._arrival),
        departure: fromLocalInput(this._departure),
        credentials: [...this._kinds],
      }),
    );
    if (result) this._result = result;
  }

  static override styles = [
    ...dialogStyles,
    css`
      .chosen,
      .suggestions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin: 6px 0;
      }
      .room-chip {
        display: inline-flex;
        align-items: center;
        padding-inline-start: 12px;
        border-radius: 16px;
        background: var(--secondary-background-color);
        --ha-icon-button-size: 32px;
        --mdc-icon-size: 16px;
      }
      .dates {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        gap: 8px;
        margin-top: 8px;
      }
      ha-checkbox {
        display: block;
        margin: 6px 0;
      }
    `,
  ];
}

customElements.define("hl-stay-dialog", StayDialog);

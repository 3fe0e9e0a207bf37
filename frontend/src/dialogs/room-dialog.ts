// A room's card: its lock, stays, credentials (each revocable) and activity.

import { html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { call, errorText, loadErrorTexts } from "../api";
import { formatAge, formatDateTime, fromLocalInput, toLocalInput } from "../format";
import { buildingLabel, deliveryKey, type StringKey } from "../i18n";
import {
  mdiAlertCircleOutline,
  mdiCheckCircleOutline,
  mdiClockOutline,
  mdiCreditCardWirelessOutline,
  mdiDelete,
  mdiDialpad,
  mdiFaceRecognition,
  mdiFingerprint,
  mdiKeyVariant,
  mdiLockOpenVariantOutline,
  mdiPlus,
} from "../icons";
import type { Code, Credential, CredentialKind, Entry, Room, RoomDetails, Stay } from "../types";
import { DialogBase } from "./base";
import { renderCodes } from "./codes";

const KIND_ICONS: Record<CredentialKind, string> = {
  pin: mdiDialpad,
  face: mdiFaceRecognition,
  fingerprint: mdiFingerprint,
  offline_password: mdiKeyVariant,
  card: mdiCreditCardWirelessOutline,
};

type Mode =
  | { kind: "details" }
  | { kind: "extend"; stay: Stay; departure: string }
  | { kind: "check_out"; stay: Stay }
  | { kind: "codes"; stay: Stay; codes: Code[] }
  | { kind: "revoke"; credential: Credential };

/** A stay that is neither over nor cancelled: it can be checked out. */
export function isOpen(stay: Stay): boolean {
  return stay.status !== "ended" && stay.status !== "cancelled";
}

/** A stay whose guest has not arrived yet: checking it out cancels it. */
export function notBegun(stay: Stay): boolean {
  return stay.status === "upcoming" || stay.status === "ready";
}

export class RoomDialog extends DialogBase {
  static override properties = {
    ...DialogBase.properties,
    room: { attribute: false },
    entry: { attribute: false },
    showEntry: { type: Boolean },
    features: { attribute: false },
    lockState: {},
    _details: { state: true },
    _mode: { state: true },
  };
  declare room: Room;
  declare entry: Entry | undefined;
  declare showEntry: boolean;
  declare features: Set<string>;
  declare lockState: string;
  declare _details: RoomDetails | undefined;
  declare _mode: Mode;

  constructor() {
    super();
    this._mode = { kind: "details" };
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const old = changed.get("room") as Room | undefined;
    // Reload when the room first shows, or when the feed sent it changed.
    if (changed.has("room") && (!old || old !== this.room)) this._load();
  }

  private async _load(): Promise<void> {
    const [details] = await Promise.all([
      this._run(() =>
        call<RoomDetails>(this.hass, "frontdesk/room", {
          entry_id: this.room.entry_id,
          room_id: this.room.room_id,
        }),
      ),
      // The activity's failures are said in the user's language.
      loadErrorTexts(this.hass),
    ]);
    if (details) this._details = details;
  }

  override render() {
    const t = this.t;
    const room = this.room;
    const where = [
      room.building !== null ? buildingLabel(this.language, room.building) : "",
      room.floor !== null ? t("floor", { floor: room.floor }) : "",
      // The platform's name only tells something when there are several.
      this.showEntry ? (this.entry?.title ?? "") : "",
    ]
      .filter(Boolean)
      .join(" · ");
    return html`<ha-dialog
      .open=${this._open}
      width="medium"
      header-title=${`${t("room")} ${room.name}`}
      header-subtitle=${where}
      @closed=${this._onClosed}
    >
      ${this._error ? html`<ha-alert alert-type="error">${this._error}</ha-alert>` : nothing}
      ${this._renderMode()}
    </ha-dialog>`;
  }

  private _renderMode(): TemplateResult {
    const t = this.t;
    const mode = this._mode;
    const back = () => {
      this._mode = { kind: "details" };
      this._error = undefined;
    };
    switch (mode.kind) {
      case "details":
        return this._renderDetails();
      case "extend":
        return html`<h3>${t("extend_title", { guest: mode.stay.guest })}</h3>
          <ha-input
            type="datetime-local"
            .label=${t("new_departure")}
            .value=${mode.departure}
            autofocus
            @input=${(ev: Event) => (mode.departure = (ev.target as HTMLInputElement).value)}
          ></ha-input>
          ${this._footer(back, t("extend"), () => this._extend(mode.stay, mode.departure))}`;
      case "check_out": {
        const cancel = notBegun(mode.stay);
        return html`<p>${t(cancel ? "cancel_stay_confirm" : "check_out_confirm", { guest: mode.stay.guest })}</p>
          ${this._footer(
            back,
            t(cancel ? "cancel_stay" : "check_out"),
            () => this._checkOut(mode.stay),
            "danger",
            // Not "Cancel" beside "Cancel stay".
            cancel ? t("back") : undefined,
          )}`;
      }
      case "codes":
        return html`<h3>${t("codes_title", { guest: mode.stay.guest })}</h3>
          ${renderCodes(t, this.language, mode.codes, () => this._notify(t("copied")))}
          <ha-dialog-footer slot="footer">
            <ha-button slot="primaryAction" @click=${back}>${t("close")}</ha-button>
          </ha-dialog-footer>`;
      case "revoke": {
        const kind = t(`kind_${mode.credential.kind}` as StringKey);
        return html`<p>${t("revoke_confirm", { kind })}</p>
          <p class="muted">${this._credentialLabel(mode.credential)}</p>
          ${this._footer(back, t("revoke"), () => this._revoke(mode.credential), "danger")}`;
      }
    }
  }

  private _footer(
    back: () => void,
    label: string,
    action: () => void,
    variant: "brand" | "danger" = "brand",
    backLabel: string = this.t("cancel"),
  ): TemplateResult {
    return html`<ha-dialog-footer slot="footer">
      <ha-button slot="secondaryAction" appearance="plain" @click=${back}>${backLabel}</ha-button>
      <ha-button slot="primaryAction" variant=${variant} .loading=${this._busy} @click=${action}>${label}</ha-button>
    </ha-dialog-footer>`;
  }

  private _renderDetails(): TemplateResult {
    const t = this.t;
    const room = this.room;
    const details = this._details;
    const state = ["locked", "unlocked", "unlocking", "unavailable"].includes(this.lockState)
      ? this.lockState
      : "unknown";
    const battery =
      room.battery === null
        ? t("battery_unknown")
        : `${t("battery_value", { value: room.battery })}${room.battery_at ? ` · ${formatAge(this.language, room.battery_at)}` : ""}`;
    return html`
      <div class="row status">
        <div class="grow">
          <div><strong>${t(`state_${state}` as StringKey)}</strong></div>
          <div class="muted">${battery}</div>
        </div>
        <ha-button
          appearance="filled"
          ?disabled=${state !== "locked" && state !== "unlocked"}
          @click=${() => this.dispatchEvent(new CustomEvent("hl-unlock"))}
        >
          <ha-svg-icon slot="start" .path=${mdiLockOpenVariantOutline}></ha-svg-icon>${t("unlock")}
        </ha-button>
      </div>
      <div class="actions">
        ${this.features.has("stays")
          ? html`<ha-button appearance="outlined" @click=${() => this.dispatchEvent(new CustomEvent("hl-new-stay"))}>
              <ha-svg-icon slot="start" .path=${mdiPlus}></ha-svg-icon>${t("give_code")}
            </ha-button>`
          : nothing}
        ${this.features.has("cards")
          ? html`<ha-button appearance="outlined" @click=${() => this.dispatchEvent(new CustomEvent("hl-cards"))}>
              <ha-svg-icon slot="start" .path=${mdiCreditCardWirelessOutline}></ha-svg-icon>${t("cards")}
            </ha-button>`
          : nothing}
      </div>
      ${this.features.has("stays") ? this._renderStays(details?.stays ?? []) : nothing}
      <h3>${t("credentials")}</h3>
      ${!details
        ? html`<ha-spinner size="small" aria-label=${t("loading")}></ha-spinner>`
        : details.credentials.length === 0
          ? html`<p class="muted">${t("no_credentials")}</p>`
          : html`<ul class="list">
              ${details.credentials.map((credential) => this._renderCredential(credential))}
            </ul>`}
      ${this.features.has("activity") ? this._renderActivity(details) : nothing}
    `;
  }

  private _renderStays(stays: Stay[]): TemplateResult {
    const t = this.t;
    const when = (iso: string) => formatDateTime(this.language, iso);
    return html`<h3>${t("stays")}</h3>
      ${stays.length === 0
        ? html`<p class="muted">${t("no_stays")}</p>`
        : html`<ul class="list">
            ${stays.map(
              (stay) => html`<li>
                <div class="grow">
                  <div><strong>${stay.guest}</strong> · ${t(`status_${stay.status}` as StringKey)}</div>
                  <div class="muted">${t("valid_window", { from: when(stay.arrival), until: when(stay.departure) })}</div>
                  ${stay.source === "booking" && stay.source_name
                    ? html`<div class="muted">${t("source_booking", { name: stay.source_name })}</div>`
                    : nothing}
                  <div class="actions">
                    ${stay.codes_available
                      ? html`<ha-button size="small" appearance="plain" @click=${() => this._showCodes(stay)}
                          >${t("show_codes")}</ha-button
                        >`
                      : nothing}
                    ${stay.editable && isOpen(stay)
                      ? html`<ha-button
                          size="small"
                          appearance="plain"
                          @click=${() =>
                            (this._mode = {
                              kind: "extend",
                              stay,
                              departure: toLocalInput(new Date(new Date(stay.departure).getTime() + 86_400_000)),
                            })}
                          >${t("extend")}</ha-button
                        >`
                      : nothing}
                    ${isOpen(stay)
                      ? html`<ha-button
                          size="small"
                          appearance="plain"
                          variant="danger"
                          @click=${() => (this._mode = { kind: "check_out", stay })}
                          >${t(notBegun(stay) ? "cancel_stay" : "check_out")}</ha-button
                        >`
                      : nothing}
                  </div>
                </div>
              </li>`,
            )}
          </ul>`}`;
  }

  private _credentialLabel(credential: Credential): string {
    const t = this.t;
    const parts = [t(`kind_${credential.kind}` as StringKey)];
    const stay = this._details?.stays.find((s) => s.stay_id === credential.stay_id);
    if (stay) parts.push(t("for_stay", { guest: stay.guest }));
    else if (credential.name) parts.push(credential.name);
    if (credential.slot !== null) parts.push(t("slot", { slot: credential.slot }));
    if (credential.card_id) parts.push(credential.card_id);
    return parts.join(" · ");
  }

  private _renderCredential(credential: Credential): TemplateResult {
    const t = this.t;
    const until = formatDateTime(this.language, credential.valid_until);
    const window = credential.valid_from
      ? t("valid_window", { from: formatDateTime(this.language, credential.valid_from), until })
      : t("valid_until", { when: until });
    return html`<li>
      <ha-svg-icon .path=${KIND_ICONS[credential.kind] ?? mdiKeyVariant}></ha-svg-icon>
      <div class="grow">
        <div>${this._credentialLabel(credential)}</div>
        <div class="muted">${window}</div>
        <div class=${credential.confirmed ? "muted" : "warn"}>
          <ha-svg-icon .path=${credential.confirmed ? mdiCheckCircleOutline : mdiClockOutline}></ha-svg-icon>
          ${t(deliveryKey(credential.kind, credential.confirmed))}
        </div>
      </div>
      ${this.features.has("revoke")
        ? html`<ha-icon-button
            .path=${mdiDelete}
            .label=${`${t("revoke")}: ${this._credentialLabel(credential)}`}
            @click=${() => (this._mode = { kind: "revoke", credential })}
          ></ha-icon-button>`
        : nothing}
    </li>`;
  }

  private _renderActivity(details: RoomDetails | undefined): TemplateResult {
    const t = this.t;
    const activity = details?.activity ?? [];
    return html`<h3>${t("activity")}</h3>
      ${activity.length === 0
        ? html`<p class="muted">${t("no_activity")}</p>`
        : html`<ul class="list activity">
            ${activity.map((item) => {
              const what = [t(`action_${item.action}` as StringKey)];
              if (item.name) what.push(item.name);
              if (item.slot !== null) what.push(t("slot", { slot: item.slot }));
              if (item.card_id) what.push(item.card_id);
              const when = [formatDateTime(this.language, item.when)];
              if (item.user) when.push(t("by_user", { user: item.user }));
              return html`<li>
                <ha-svg-icon
                  class=${item.ok ? "ok" : "error"}
                  .path=${item.ok ? mdiCheckCircleOutline : mdiAlertCircleOutline}
                ></ha-svg-icon>
                <div class="grow">
                  <div>
                    <span class="sr-only">${item.ok ? t("done") : t("failed")}:</span>${what.join(" · ")}
                  </div>
                  ${item.error ? html`<div class="error">${errorText(this.hass, item.error)}</div>` : nothing}
                  <div class="muted">${when.join(" · ")}</div>
                </div>
              </li>`;
            })}
          </ul>`}`;
  }

  private async _showCodes(stay: Stay): Promise<void> {
    const result = await this._run(() =>
      call<{ codes: Code[] }>(this.hass, "stay/codes", { entry_id: stay.entry_id, stay_id: stay.stay_id }),
    );
    if (result) this._mode = { kind: "codes", stay, codes: result.codes };
  }

  private async _extend(stay: Stay, departure: string): Promise<void> {
    const result = await this._run(() =>
      call(this.hass, "stay/update", {
        entry_id: stay.entry_id,
        stay_id: stay.stay_id,
        departure: fromLocalInput(departure),
      }),
    );
    if (result) {
      this._mode = { kind: "details" };
      this._load();
    }
  }

  private async _checkOut(stay: Stay): Promise<void> {
    const result = await this._run(() =>
      call<{ stay: Stay }>(this.hass, "stay/check_out", { entry_id: stay.entry_id, stay_id: stay.stay_id }),
    );
    if (result) {
      // A stay checked out before its arrival is cancelled: say what happened.
      const cancelled = (result.stay?.status ?? (notBegun(stay) ? "cancelled" : "ended")) === "cancelled";
      this._notify(this.t(cancelled ? "stay_cancelled" : "checked_out", { guest: stay.guest }));
      this._mode = { kind: "details" };
      this._load();
    }
  }

  private async _revoke(credential: Credential): Promise<void> {
    const result = await this._run(() =>
      call(this.hass, "credential/revoke", {
        entry_id: this.room.entry_id,
        room_id: this.room.room_id,
        credential_id: credential.credential_id,
      }),
    );
    if (result) {
      this._notify(this.t("revoked"));
      this._mode = { kind: "details" };
      this._load();
    }
  }
}

customElements.define("hl-room-dialog", RoomDialog);

// The Front desk panel: every room of every platform at a glance.

import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { call, errorMessage } from "./api";
import { loadHaElements } from "./ha-elements";
import { buildingLabel, panelLanguage, translator, type StringKey, type Translate } from "./i18n";
import { formatAge, formatDateTime } from "./format";
import {
  mdiAlertCircleOutline,
  mdiBattery,
  mdiBattery20,
  mdiBattery50,
  mdiBattery80,
  mdiBatteryUnknown,
  mdiCreditCardWirelessOutline,
  mdiKeyVariant,
  mdiLock,
  mdiLockClock,
  mdiLockOpenVariant,
  mdiLockOpenVariantOutline,
  mdiLockQuestion,
  mdiPlus,
  mdiClose,
} from "./icons";
import {
  FILTERS,
  RoomStore,
  groupRooms,
  matchesFilter,
  matchesSearch,
  searchWords,
  type FilterKey,
  type RoomGroup,
} from "./rooms";
import { panelStyles } from "./panel-styles";
import { sharedStyles } from "./styles";
import type { Entry, FeedEvent, HomeAssistant, Problem, Room } from "./types";
import "./dialogs/room-dialog";
import "./dialogs/unlock-dialog";
import "./dialogs/stay-dialog";
import "./dialogs/card-dialog";

type DialogState =
  | { kind: "room"; key: string }
  | { kind: "unlock"; key: string }
  | { kind: "stay"; roomKeys: string[] }
  | { kind: "cards"; roomKey?: string };

const FILTER_LABELS: Record<FilterKey, StringKey> = {
  low_battery: "filter_low_battery",
  arrivals: "filter_arrivals",
  departures: "filter_departures",
  problems: "filter_problems",
};

const TILE_ERROR_MS = 10_000;

/** Performance marks of the first load (read by the benchmark). */
export const MARKS = {
  module: "hotel-lock:module",
  subscribe: "hotel-lock:subscribe",
  snapshot: "hotel-lock:snapshot",
  rendered: "hotel-lock:rendered",
};
performance.mark(MARKS.module);

const svgIcon = (path: string) =>
  html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d=${path}></path></svg>`;

function batteryIcon(value: number | null): string {
  if (value === null) return mdiBatteryUnknown;
  if (value <= 20) return mdiBattery20;
  if (value <= 50) return mdiBattery50;
  if (value <= 80) return mdiBattery80;
  return mdiBattery;
}

export class FrontDeskPanel extends LitElement {
  static override properties = {
    hass: { attribute: false },
    narrow: { type: Boolean },
    route: { attribute: false },
    panel: { attribute: false },
    _search: { state: true },
    _filters: { state: true },
    _dialog: { state: true },
    _tileErrors: { state: true },
    _subscribeError: { state: true },
    _version: { state: true },
  };

  declare hass: HomeAssistant;
  declare narrow: boolean;
  declare route: unknown;
  declare panel: unknown;
  declare _search: string;
  declare _filters: Set<FilterKey>;
  declare _dialog: DialogState | undefined;
  declare _tileErrors: Map<string, string>;
  declare _subscribeError: string | undefined;
  declare _version: number;

  readonly store = new RoomStore();
  private _unsubscribe?: Promise<() => Promise<void>>;
  private _t: Translate = translator("en");
  private _language = "en";
  private _groupsKey = "";
  private _groups: RoomGroup[] = [];
  private _shownCount = 0;
  private _clock?: number;
  private _now = Date.now();
  private _painted = false;

  constructor() {
    super();
    this.narrow = false;
    this._search = "";
    this._filters = new Set();
    this._tileErrors = new Map();
    this._version = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hass && !this._unsubscribe) this._subscribe();
    // Battery ages and "today" move on: redraw every minute.
    this._clock = window.setInterval(() => {
      this._now = Date.now();
      this.requestUpdate();
    }, 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this._clock);
    this._unsubscribe?.then((unsub) => unsub()).catch(() => undefined);
    this._unsubscribe = undefined;
  }

  private _subscribe(): void {
    performance.mark(MARKS.subscribe);
    this._unsubscribe = this.hass.connection.subscribeMessage<FeedEvent>(
      (event) => {
        if (event.kind === "snapshot") performance.mark(MARKS.snapshot);
        this.store.apply(event);
        this._version = this.store.version;
      },
      { type: "hotel_lock/frontdesk/subscribe" },
    );
    this._unsubscribe.catch(async (err: unknown) => {
      this._unsubscribe = undefined;
      this._subscribeError = await errorMessage(this.hass, this._t, err);
    });
    loadHaElements().then(() => this.requestUpdate());
  }

  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size !== 1 || !changed.has("hass")) return true;
    const old = changed.get("hass") as HomeAssistant | undefined;
    if (
      !old ||
      old.language !== this.hass.language ||
      old.themes !== this.hass.themes ||
      // Translations that arrived (the dialogs' error texts among them).
      old.localize !== this.hass.localize
    ) {
      return true;
    }
    // Only the lock states are read from hass: skip the render otherwise.
    for (const room of this.store.rooms.values()) {
      const id = room.lock_entity_id;
      if (id && old.states[id] !== this.hass.states[id]) return true;
    }
    return false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (this.store.loaded && !this._painted) {
      // Every room is in the page: marked once the frame is painted.
      this._painted = true;
      requestAnimationFrame(() => setTimeout(() => performance.mark(MARKS.rendered)));
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("hass") && this.hass) {
      if (!this._unsubscribe && !this._subscribeError) this._subscribe();
      if (this.hass.language !== this._language) {
        this._language = this.hass.language;
        this._t = translator(this._language);
        this.lang = panelLanguage(this._language);
      }
    }
  }

  private _visibleGroups(): RoomGroup[] {
    const key = `${this.store.version}|${this._search}|${[...this._filters].join()}`;
    if (key !== this._groupsKey) {
      const words = searchWords(this._search);
      const filters = [...this._filters];
      const rooms = [...this.store.rooms.values()].filter(
        (room) =>
          matchesSearch(room, words) &&
          (filters.length === 0 ||
            filters.some((f) => matchesFilter(room, f, this.store.entries.get(room.entry_id)))),
      );
      this._groups = groupRooms(rooms, this.store.entries);
      this._shownCount = rooms.length;
      this._groupsKey = key;
    }
    return this._groups;
  }

  private _filterCount(filter: FilterKey): number {
    let count = 0;
    for (const room of this.store.rooms.values()) {
      if (matchesFilter(room, filter, this.store.entries.get(room.entry_id))) count += 1;
    }
    return count;
  }

  protected override render(): TemplateResult {
    const t = this._t;
    const features = this.store.features;
    return html`
      <ha-top-app-bar-fixed .narrow=${this.narrow}>
        <ha-menu-button slot="navigationIcon" .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>
        <div slot="title">${t("title")}</div>
        ${features.has("cards")
          ? html`<ha-icon-button
              slot="actionItems"
              .label=${t("cards_title")}
              .path=${mdiCreditCardWirelessOutline}
              @click=${() => (this._dialog = { kind: "cards" })}
            ></ha-icon-button>`
          : nothing}
        ${features.has("stays")
          ? html`<ha-button
              slot="actionItems"
              appearance="filled"
              size="small"
              @click=${() => (this._dialog = { kind: "stay", roomKeys: [] })}
            >
              <ha-svg-icon slot="start" .path=${mdiPlus}></ha-svg-icon>${t("new_stay")}
            </ha-button>`
          : nothing}
        <main>${this._renderBody()}</main>
      </ha-top-app-bar-fixed>
      ${this._renderDialog()}
    `;
  }

  private _renderBody(): TemplateResult {
    const t = this._t;
    if (this._subscribeError) {
      return html`<ha-alert alert-type="error">${this._subscribeError}</ha-alert>`;
    }
    if (!this.store.loaded) {
      return html`<div class="empty" role="status">${t("loading")}</div>`;
    }
    const groups = this._visibleGroups();
    const loadedEntries = [...this.store.entries.values()].filter((e) => e.loaded);
    return html`
      <div class="toolbar">
        <ha-input-search
          class="search"
          .label=${t("search")}
          .value=${this._search}
          @input=${this._onSearch}
        ></ha-input-search>
        <div class="chips" role="group" aria-label=${t("filters")}>
          ${FILTERS.filter((f) => f !== "arrivals" && f !== "departures" ? true : this.store.features.has("stays")).map(
            (filter) => html`<ha-filter-chip
              .selected=${this._filters.has(filter)}
              .label=${`${t(FILTER_LABELS[filter])} · ${this._filterCount(filter)}`}
              data-filter=${filter}
              @click=${this._onFilter}
            ></ha-filter-chip>`,
          )}
        </div>
        <div class="count muted" role="status">
          ${t("rooms_count", { shown: this._shownCount, count: this.store.rooms.size })}
        </div>
      </div>
      ${[...this.store.entries.values()].map((entry) => this._renderEntryProblems(entry))}
      ${loadedEntries.length === 0
        ? html`<ha-alert alert-type="info">${t("no_platform")}</ha-alert>`
        : nothing}
      ${groups.length === 0 && this.store.rooms.size > 0
        ? html`<div class="empty">${t("no_rooms")}</div>`
        : nothing}
      <div class="groups" @click=${this._onTileClick}>
        ${groups.map((group) => this._renderGroup(group))}
      </div>
    `;
  }

  private _renderEntryProblems(entry: Entry): TemplateResult | typeof nothing {
    const t = this._t;
    if (!entry.loaded) {
      return html`<ha-alert alert-type="warning">${t("entry_not_loaded", { title: entry.title })}</ha-alert>`;
    }
    return entry.problems.length
      ? html`${entry.problems.map(
          (problem) =>
            html`<ha-alert alert-type="error" .title=${entry.title}>${this._problemText(problem)}</ha-alert>`,
        )}`
      : nothing;
  }

  private _problemText(problem: Problem): string {
    return this._t(`problem_${problem.key}` as StringKey, problem.placeholders);
  }

  private _groupTitle(group: RoomGroup): string {
    const t = this._t;
    const parts: string[] = [];
    if (group.entryTitle) parts.push(group.entryTitle);
    if (group.building !== null) parts.push(buildingLabel(this._language, group.building));
    if (group.floor !== null) parts.push(t("floor", { floor: group.floor }));
    if (group.building === null && group.floor === null) parts.push(t("other_rooms"));
    return parts.join(" · ");
  }

  private _renderGroup(group: RoomGroup): TemplateResult {
    const title = this._groupTitle(group);
    return html`<section aria-label=${title}>
      <h2>${title} <span class="muted">${group.rooms.length}</span></h2>
      <div class="grid">${group.rooms.map((room) => this._renderTile(room))}</div>
    </section>`;
  }

  private _lockState(room: Room): string {
    if (!room.available || !room.lock_entity_id) return "unavailable";
    return this.hass.states[room.lock_entity_id]?.state ?? "unavailable";
  }

  private _renderTile(room: Room): TemplateResult {
    const t = this._t;
    const state = this._lockState(room);
    const stateKey = (
      ["locked", "unlocked", "unlocking", "unavailable"].includes(state) ? `state_${state}` : "state_unknown"
    ) as StringKey;
    const stateIcon =
      state === "locked"
        ? mdiLock
        : state === "unlocked" || state === "open"
          ? mdiLockOpenVariant
          : state === "unlocking"
            ? mdiLockClock
            : mdiLockQuestion;
    const battery =
      room.battery === null
        ? html`<span aria-hidden="true">—</span><span class="sr-only">${t("battery_unknown")}</span>`
        : room.battery_at
          ? t("battery_age", { value: room.battery, age: formatAge(this._language, room.battery_at, this._now) })
          : t("battery_value", { value: room.battery });
    const stay = room.stay
      ? t("stay_now", { guest: room.stay.guest, departure: formatDateTime(this._language, room.stay.departure) })
      : room.next_stay
        ? t("stay_next", { guest: room.next_stay.guest, arrival: formatDateTime(this._language, room.next_stay.arrival) })
        : "";
    const problem = room.problems.length > 0 || room.unconfirmed > 0;
    const error = this._tileErrors.get(room.key);
    const canUnlock = state === "locked" || state === "unlocked";
    return html`<div class="tile ${state}${problem ? " problem" : ""}${room.battery !== null && room.battery <= 20 ? " low" : ""}">
      <button class="main" data-key=${room.key} data-action="open">
        <span class="name">${room.name}</span>
        <span class="state">${svgIcon(stateIcon)}${t(stateKey)}</span>
        <span class="line battery" title=${t("battery")}>${svgIcon(batteryIcon(room.battery))}${battery}</span>
        ${stay ? html`<span class="line stay"><span>${stay}</span></span>` : nothing}
        ${room.credentials
          ? html`<span class="line creds"
              >${svgIcon(mdiKeyVariant)}<span
                >${t("credentials_out", { count: room.credentials })}${room.unconfirmed
                  ? html` · <span class="warn">${t("unconfirmed", { count: room.unconfirmed })}</span>`
                  : nothing}</span
              ></span
            >`
          : nothing}
        ${problem
          ? html`<span class="line warn problems"
              >${svgIcon(mdiAlertCircleOutline)}<span>${room.problems.map((p) => this._problemText(p)).join(" · ")}</span></span
            >`
          : nothing}
      </button>
      <button
        class="unlock"
        data-key=${room.key}
        data-action="unlock"
        aria-label=${t("unlock_room", { room: room.name })}
        title=${t("unlock")}
        ?disabled=${!canUnlock}
      >
        ${svgIcon(mdiLockOpenVariantOutline)}
      </button>
      ${error
        ? html`<div class="tile-error" role="alert">
            <span class="grow">${error}</span>
            <button
              class="dismiss"
              aria-label=${t("dismiss")}
              title=${t("dismiss")}
              @click=${() => this._setTileError(room.key, undefined)}
            >
              ${svgIcon(mdiClose)}
            </button>
          </div>`
        : nothing}
    </div>`;
  }

  private _renderDialog(): TemplateResult | typeof nothing {
    const dialog = this._dialog;
    if (!dialog) return nothing;
    // Only this dialog's closing ends it: one that is replaced by another
    // (the room's card opening the key cards) closes as it goes.
    const close = () => {
      if (this._dialog === dialog) this._dialog = undefined;
    };
    const common = { hass: this.hass, t: this._t, language: this._language };
    switch (dialog.kind) {
      case "room": {
        const room = this.store.rooms.get(dialog.key);
        if (!room) return nothing;
        return html`<hl-room-dialog
          .hass=${common.hass}
          .t=${common.t}
          .language=${common.language}
          .room=${room}
          .entry=${this.store.entries.get(room.entry_id)}
          .showEntry=${this.store.entries.size > 1}
          .features=${this.store.features}
          .lockState=${this._lockState(room)}
          @hl-closed=${close}
          @hl-unlock=${() => this._unlock(room)}
          @hl-new-stay=${() => (this._dialog = { kind: "stay", roomKeys: [room.key] })}
          @hl-cards=${() => (this._dialog = { kind: "cards", roomKey: room.key })}
        ></hl-room-dialog>`;
      }
      case "unlock": {
        const room = this.store.rooms.get(dialog.key);
        if (!room) return nothing;
        return html`<hl-unlock-dialog
          .hass=${common.hass}
          .t=${common.t}
          .room=${room}
          @hl-closed=${close}
        ></hl-unlock-dialog>`;
      }
      case "stay":
        return html`<hl-stay-dialog
          .hass=${common.hass}
          .t=${common.t}
          .language=${common.language}
          .store=${this.store}
          .roomKeys=${dialog.roomKeys}
          @hl-closed=${close}
        ></hl-stay-dialog>`;
      case "cards":
        return html`<hl-card-dialog
          .hass=${common.hass}
          .t=${common.t}
          .language=${common.language}
          .store=${this.store}
          .roomKey=${dialog.roomKey}
          @hl-closed=${close}
        ></hl-card-dialog>`;
    }
  }

  private _onSearch(ev: Event): void {
    this._search = (ev.target as HTMLInputElement).value ?? "";
  }

  private _onFilter(ev: Event): void {
    const chip = ev.currentTarget as HTMLElement & { selected: boolean };
    const filter = chip.dataset.filter as FilterKey;
    const filters = new Set(this._filters);
    if (chip.selected) filters.add(filter);
    else filters.delete(filter);
    this._filters = filters;
  }

  private _onTileClick(ev: Event): void {
    const button = (ev.target as HTMLElement).closest("button[data-key]") as HTMLButtonElement | null;
    if (!button) return;
    const key = button.dataset.key!;
    if (button.dataset.action === "unlock") {
      const room = this.store.rooms.get(key);
      if (room) this._unlock(room);
    } else {
      this._dialog = { kind: "room", key };
    }
  }

  private async _unlock(room: Room): Promise<void> {
    if (this.store.entries.get(room.entry_id)?.code_required) {
      this._dialog = { kind: "unlock", key: room.key };
      return;
    }
    this._setTileError(room.key, undefined);
    try {
      await call(this.hass, "frontdesk/unlock", { entry_id: room.entry_id, room_id: room.room_id });
    } catch (err) {
      const message = await errorMessage(this.hass, this._t, err);
      this._setTileError(room.key, message);
      this.dispatchEvent(
        new CustomEvent("hass-notification", { detail: { message }, bubbles: true, composed: true }),
      );
    }
  }

  private _setTileError(key: string, message: string | undefined): void {
    if (message !== undefined) {
      // Shown until the next attempt, a click, or for a while.
      window.setTimeout(() => {
        if (this._tileErrors.get(key) === message) this._setTileError(key, undefined);
      }, TILE_ERROR_MS);
    }
    if (message === undefined && !this._tileErrors.has(key)) return;
    const errors = new Map(this._tileErrors);
    if (message === undefined) errors.delete(key);
    else errors.set(key, message);
    this._tileErrors = errors;
  }

  static override styles = [sharedStyles, panelStyles];
}

customElements.define("hotel-lock-frontdesk", FrontDeskPanel);

// The contract shared with the integration (notes: frontdesk-contract.md) and
// the little of Home Assistant's frontend API the panel uses.

export type Problem = { key: string; placeholders: Record<string, string> };

export interface Entry {
  entry_id: string;
  title: string;
  loaded: boolean;
  code_required: boolean;
  /** What a new stay gives by default (the integration's options). */
  stay_credentials?: string[];
  problems: Problem[];
}

export type StayStatus = "upcoming" | "ready" | "in_progress" | "ended" | "cancelled";

export interface StaySummary {
  stay_id: string;
  entry_id: string;
  guest: string;
  arrival: string;
  departure: string;
  room_ids: string[];
  room_names: string[];
  status: StayStatus;
}

export interface Room {
  key: string;
  entry_id: string;
  room_id: string;
  name: string;
  building: string | null;
  floor: string | null;
  lock_entity_id: string | null;
  battery_entity_id: string | null;
  battery: number | null;
  battery_at: string | null;
  available: boolean;
  stay: StaySummary | null;
  next_stay: StaySummary | null;
  arrival_today: boolean;
  departure_today: boolean;
  credentials: number;
  unconfirmed: number;
  problems: Problem[];
}

export type CredentialKind = "pin" | "face" | "fingerprint" | "offline_password" | "card";

export interface Credential {
  credential_id: string;
  kind: CredentialKind;
  name: string | null;
  slot: number | null;
  card_id: string | null;
  valid_from: string | null;
  valid_until: string;
  confirmed: boolean;
  stay_id: string | null;
}

export interface StayCredential {
  room_id: string;
  room_name: string;
  kind: CredentialKind;
  confirmed: boolean;
  valid_until: string;
  error: string | null;
}

export interface Stay extends StaySummary {
  source: "desk" | "calendar" | "booking";
  source_name: string | null;
  kinds: CredentialKind[];
  codes_available: boolean;
  editable: boolean;
  card_authorized_at: string | null;
  credentials: StayCredential[];
}

export interface Activity {
  when: string;
  action: string;
  ok: boolean;
  user: string | null;
  kind: CredentialKind | null;
  name: string | null;
  slot: number | null;
  card_id: string | null;
  error: WsError | null;
}

export interface RoomDetails {
  room: Room;
  stays: Stay[];
  credentials: Credential[];
  activity: Activity[];
}

export interface Code {
  room_id: string;
  room_name: string;
  kind: "pin" | "offline_password";
  code: string;
  valid_until: string;
  confirmed: boolean;
}

export interface RoomRef {
  room_id: string;
  name: string;
  lock_entity_id: string | null;
}

export interface CardRead {
  card_id: string;
  room: RoomRef | null;
  stay: StaySummary | null;
  valid_from: string | null;
  valid_until: string | null;
}

export type FeedEvent =
  | { kind: "snapshot"; features?: string[]; entries: Entry[]; rooms: Room[] }
  | {
      kind: "update";
      entries: Entry[];
      rooms: Room[];
      removed: string[];
      removed_entries?: string[];
    };

export interface HassEntity {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
  last_changed: string;
}

export type LocalizeFunc = (key: string, values?: Record<string, unknown>) => string;

export interface HomeAssistant {
  states: Record<string, HassEntity>;
  language: string;
  locale?: { language: string };
  user?: { is_admin: boolean; name: string };
  themes?: { darkMode?: boolean };
  localize: LocalizeFunc;
  loadBackendTranslation(
    category: string,
    integration?: string | string[],
  ): Promise<LocalizeFunc>;
  callWS<T>(message: Record<string, unknown>): Promise<T>;
  connection: {
    subscribeMessage<T>(
      callback: (message: T) => void,
      subscribe: Record<string, unknown>,
    ): Promise<() => Promise<void>>;
  };
}

export interface WsError {
  code?: string;
  message?: string;
  translation_domain?: string;
  translation_key?: string;
  translation_placeholders?: Record<string, string>;
}

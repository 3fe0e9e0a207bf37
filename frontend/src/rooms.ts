// The rooms the feed sends, kept by key; grouping, search and filters.

import type { Entry, FeedEvent, Room } from "./types";

export type FilterKey = "low_battery" | "arrivals" | "departures" | "problems";
export const FILTERS: FilterKey[] = ["low_battery", "arrivals", "departures", "problems"];
/** At or below this, a battery is low (percent). */
export const LOW_BATTERY = 20;

export class RoomStore {
  readonly entries = new Map<string, Entry>();
  readonly rooms = new Map<string, Room>();
  features = new Set<string>();
  loaded = false;
  /** Changes whenever anything changes: a cheap key for memoizing. */
  version = 0;

  apply(event: FeedEvent): string[] {
    if (event.kind === "snapshot") {
      this.entries.clear();
      this.rooms.clear();
      this.features = new Set(event.features ?? ["unlock"]);
      this.loaded = true;
    } else {
      for (const key of event.removed) this.rooms.delete(key);
      for (const id of event.removed_entries ?? []) this.entries.delete(id);
    }
    for (const entry of event.entries) this.entries.set(entry.entry_id, entry);
    for (const room of event.rooms) this.rooms.set(room.key, room);
    this.version += 1;
    return event.rooms.map((room) => room.key);
  }
}

export interface RoomGroup {
  key: string;
  entryTitle: string | null;
  building: string | null;
  floor: string | null;
  rooms: Room[];
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

function compareNullLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return collator.compare(a, b);
}

/** Sort rooms by platform, building, floor and name, and group them. */
export function groupRooms(rooms: Room[], entries: Map<string, Entry>): RoomGroup[] {
  const many = entries.size > 1;
  const title = (room: Room) => (many ? (entries.get(room.entry_id)?.title ?? "") : "");
  const sorted = [...rooms].sort(
    (a, b) =>
      collator.compare(title(a), title(b)) ||
      compareNullLast(a.building, b.building) ||
      compareNullLast(a.floor, b.floor) ||
      collator.compare(a.name, b.name),
  );
  const groups: RoomGroup[] = [];
  let current: RoomGroup | undefined;
  for (const room of sorted) {
    const key = `${many ? room.entry_id : ""}|${room.building ?? ""}|${room.floor ?? ""}`;
    if (!current || current.key !== key) {
      current = {
        key,
        entryTitle: many ? title(room) : null,
        building: room.building,
        floor: room.floor,
        rooms: [],
      };
      groups.push(current);
    }
    current.rooms.push(room);
  }
  return groups;
}

export function isLowBattery(room: Room): boolean {
  return room.battery !== null && room.battery <= LOW_BATTERY;
}

export function hasProblem(room: Room, entry: Entry | undefined): boolean {
  return (
    room.problems.length > 0 ||
    room.unconfirmed > 0 ||
    !room.available ||
    (entry?.problems.length ?? 0) > 0
  );
}

export function matchesFilter(room: Room, filter: FilterKey, entry: Entry | undefined): boolean {
  switch (filter) {
    case "low_battery":
      return isLowBattery(room);
    case "arrivals":
      return room.arrival_today;
    case "departures":
      return room.departure_today;
    case "problems":
      return hasProblem(room, entry);
  }
}

/** Rooms whose name, building or guests contain every word of the search. */
export function matchesSearch(room: Room, words: string[]): boolean {
  if (words.length === 0) return true;
  const text = [
    room.name,
    room.building ?? "",
    room.stay?.guest ?? "",
    room.next_stay?.guest ?? "",
  ]
    .join(" ")
    .toLocaleLowerCase();
  return words.every((word) => text.includes(word));
}

export function searchWords(search: string): string[] {
  return search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

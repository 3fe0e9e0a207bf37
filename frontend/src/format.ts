// Dates and ages in the user's language.

const formatters = new Map<string, Intl.DateTimeFormat>();
const relative = new Map<string, Intl.RelativeTimeFormat>();

function dateTimeFormat(language: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${language}|${withYear ? "y" : ""}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      ...(withYear ? { year: "numeric" } : {}),
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(key, format);
  }
  return format;
}

/**
 * "Dec 24, 12:00" (or the language's way of saying it); with the year,
 * "Feb 15, 2035, 16:34", when the date is not in the current year.
 */
export function formatDateTime(language: string, iso: string | null, now = Date.now()): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const withYear = date.getFullYear() !== new Date(now).getFullYear();
  return dateTimeFormat(language, withYear).format(date);
}

/** "3 hours ago", "2 days ago" (the coarsest unit that is at least 1). */
export function formatAge(language: string, iso: string | null, now = Date.now()): string {
  if (!iso) return "";
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  let format = relative.get(language);
  if (!format) {
    format = new Intl.RelativeTimeFormat(language, { numeric: "auto", style: "narrow" });
    relative.set(language, format);
  }
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, "minute");
}

/** A value for <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** An ISO date-time with offset from a datetime-local value. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

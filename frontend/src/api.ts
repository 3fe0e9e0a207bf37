// Calls to the integration's WebSocket commands, and their errors in words.

import type { Translate } from "./i18n";
import type { HomeAssistant, WsError } from "./types";

export const DOMAIN = "hotel_lock";

/** Send one command; resolve with its result. */
export function call<T>(
  hass: HomeAssistant,
  type: string,
  fields: Record<string, unknown> = {},
): Promise<T> {
  return hass.callWS<T>({ type: `${DOMAIN}/${type}`, ...fields });
}

const loadedDomains = new Map<string, Promise<unknown>>();

/**
 * Turn a failed command into a sentence in the user's language: the
 * integration's (or Home Assistant's) translation of the error's key when
 * there is one, else the server's message (already in the server's language).
 */
export async function errorMessage(
  hass: HomeAssistant,
  t: Translate,
  error: unknown,
): Promise<string> {
  const err = (error ?? {}) as WsError;
  if (err.translation_domain && err.translation_key) {
    const domain = err.translation_domain;
    const key = `${domain}:${hass.language}`;
    try {
      if (!loadedDomains.has(key)) {
        loadedDomains.set(key, hass.loadBackendTranslation("exceptions", domain));
      }
      await loadedDomains.get(key);
      const text = hass.localize(
        `component.${domain}.exceptions.${err.translation_key}.message`,
        err.translation_placeholders ?? {},
      );
      if (text) return text;
    } catch {
      // The server's own message follows.
    }
  }
  if (err.message) return err.message;
  if (error instanceof Error) return error.message;
  return t("error");
}

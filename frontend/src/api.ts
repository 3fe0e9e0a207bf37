// Calls to the integration's WebSocket commands, and their errors in words.

import type { Translate } from "./i18n";
import type { HomeAssistant, LocalizeFunc, WsError } from "./types";

export const DOMAIN = "hotel_lock";

/** Send one command; resolve with its result. */
export function call<T>(
  hass: HomeAssistant,
  type: string,
  fields: Record<string, unknown> = {},
): Promise<T> {
  return hass.callWS<T>({ type: `${DOMAIN}/${type}`, ...fields });
}

const loadedDomains = new Map<string, Promise<LocalizeFunc | undefined>>();
/** The localize function each load answered with, by "domain:language". */
const loadedLocalize = new Map<string, LocalizeFunc>();

/**
 * Load the error texts of a domain in the user's language (once), and
 * resolve with a localize function that has them. The hass object a caller
 * holds keeps its old localize until Home Assistant hands out a new one: the
 * function answered here is used meanwhile (errorText), so the first error of
 * a session is in the user's language too.
 */
export function loadErrorTexts(
  hass: HomeAssistant,
  domain: string = DOMAIN,
): Promise<LocalizeFunc | undefined> {
  const key = `${domain}:${hass.language}`;
  let loading = loadedDomains.get(key);
  if (!loading) {
    loading = hass
      .loadBackendTranslation("exceptions", domain)
      .then((localize) => {
        if (typeof localize === "function") loadedLocalize.set(key, localize);
        return localize;
      })
      .catch(() => undefined);
    loadedDomains.set(key, loading);
  }
  return loading;
}

/**
 * An error as a sentence: its translation in the user's language when the
 * texts of its domain are loaded (loadErrorTexts), else the server's message
 * (already in the server's language).
 */
export function errorText(hass: HomeAssistant, err: WsError): string {
  if (err.translation_domain && err.translation_key) {
    const key = `component.${err.translation_domain}.exceptions.${err.translation_key}.message`;
    const placeholders = err.translation_placeholders ?? {};
    const loaded = loadedLocalize.get(`${err.translation_domain}:${hass.language}`);
    for (const localize of [hass.localize, loaded]) {
      const text = localize?.(key, placeholders);
      if (text && text !== key) return text;
    }
  }
  return err.message ?? "";
}

/** Turn a failed command into a sentence in the user's language. */
export async function errorMessage(
  hass: HomeAssistant,
  t: Translate,
  error: unknown,
): Promise<string> {
  const err = (error ?? {}) as WsError;
  if (err.translation_domain && err.translation_key) {
    await loadErrorTexts(hass, err.translation_domain);
  }
  return errorText(hass, err) || (error instanceof Error ? error.message : "") || t("error");
}

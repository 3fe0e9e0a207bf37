// Home Assistant's own elements, used as the running frontend defines them
// (nothing of Home Assistant's frontend is bundled here).
//
// In Home Assistant 2026.10 every element below is already defined when a
// custom panel's module loads. Should a later release define some of them
// lazily, they are loaded the way custom panels do it: by letting Home
// Assistant's panel resolver load a built-in panel that uses them.

export const HA_ELEMENTS = [
  "ha-top-app-bar-fixed",
  "ha-menu-button",
  "ha-icon-button",
  "ha-svg-icon",
  "ha-button",
  "ha-dialog",
  "ha-dialog-footer",
  "ha-input",
  "ha-input-search",
  "ha-filter-chip",
  "ha-checkbox",
  "ha-alert",
  "ha-spinner",
];

const missing = () => HA_ELEMENTS.filter((name) => !customElements.get(name));

type Routes = { routes: Record<string, { load?: () => Promise<unknown> }> };

async function loadThroughPanel(panel: string, route: string): Promise<void> {
  await customElements.whenDefined("partial-panel-resolver");
  const resolver = document.createElement("partial-panel-resolver") as HTMLElement & {
    hass?: unknown;
    _updateRoutes?: () => void;
    routerOptions?: Routes;
  };
  resolver.hass = { panels: [{ url_path: "hotel-lock-tmp", component_name: panel }] };
  resolver._updateRoutes?.();
  await resolver.routerOptions?.routes["hotel-lock-tmp"]?.load?.();
  const element = document.createElement(`ha-panel-${panel}`) as HTMLElement & {
    routerOptions?: Routes;
  };
  await element.routerOptions?.routes[route]?.load?.();
}

let loading: Promise<string[]> | undefined;

/** Make sure the elements are defined; resolve with those still missing. */
export function loadHaElements(): Promise<string[]> {
  if (!loading) {
    loading = (async () => {
      if (missing().length === 0) return [];
      try {
        await loadThroughPanel("config", "automation");
      } catch {
        // Whatever could not be loaded is reported below.
      }
      return missing();
    })();
  }
  return loading;
}

// The Front desk page: toolbar, building and floor sections, room tiles.

import { css } from "lit";

export const panelStyles = css`
  :host {
    display: block;
    background: var(--primary-background-color);
    color: var(--primary-text-color);
    min-height: 100vh;
  }
  main {
    padding: 16px;
    max-width: 1600px;
    margin: 0 auto;
    box-sizing: border-box;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 16px;
    margin-bottom: 8px;
  }
  .search {
    flex: 1 1 280px;
    max-width: 420px;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  .count {
    margin-inline-start: auto;
    font-size: var(--ha-font-size-s, 12px);
  }
  ha-alert {
    display: block;
    margin: 8px 0;
  }
  .empty {
    padding: 32px 0;
    text-align: center;
    color: var(--secondary-text-color);
  }
  section {
    content-visibility: auto;
    contain-intrinsic-size: auto 320px;
  }
  h2 {
    font-size: var(--ha-font-size-l, 16px);
    font-weight: var(--ha-font-weight-medium, 500);
    margin: 20px 4px 8px;
  }
  h2 .muted {
    font-weight: normal;
    font-size: var(--ha-font-size-s, 12px);
    margin-inline-start: 4px;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(196px, 1fr));
    gap: 8px;
  }
  .tile {
    position: relative;
    display: flex;
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border: var(--ha-card-border-width, 1px) solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    border-radius: var(--hl-radius);
    overflow: hidden;
    --state-color: var(--hl-muted);
  }
  .tile.locked {
    --state-color: var(--hl-locked);
  }
  .tile.unlocked,
  .tile.open {
    --state-color: var(--hl-unlocked);
    border-color: var(--hl-unlocked);
  }
  .tile.unlocking {
    --state-color: var(--hl-pending);
    border-color: var(--hl-pending);
  }
  .tile.unavailable {
    opacity: 0.7;
  }
  button {
    font: inherit;
    color: inherit;
    background: none;
    border: none;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: -2px;
  }
  .main {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    padding: 10px 4px 10px 12px;
    text-align: start;
  }
  .main:hover,
  .unlock:hover:not([disabled]) {
    background: var(--secondary-background-color, rgba(127, 127, 127, 0.08));
  }
  .name {
    font-size: var(--ha-font-size-l, 16px);
    font-weight: var(--ha-font-weight-medium, 500);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    max-width: 100%;
  }
  .state {
    display: flex;
    align-items: center;
    gap: 4px;
    color: var(--state-color);
    font-weight: var(--ha-font-weight-medium, 500);
    font-size: var(--ha-font-size-s, 13px);
  }
  /* A tile's lines wrap (a problem or a guest's name is read in full); the
     grid rows grow with the tallest tile. */
  .line {
    display: flex;
    align-items: flex-start;
    gap: 4px;
    font-size: var(--ha-font-size-s, 12px);
    line-height: 16px;
    color: var(--secondary-text-color);
    max-width: 100%;
    min-width: 0;
    overflow-wrap: break-word;
  }
  .line > span {
    min-width: 0;
  }
  .line svg.icon {
    flex: none;
    width: 14px;
    height: 14px;
    margin-top: 1px;
  }
  .stay {
    color: var(--primary-text-color);
  }
  .tile.low .battery,
  .warn {
    color: var(--hl-warning);
  }
  .tile.problem {
    border-color: var(--hl-warning);
  }
  .unlock {
    flex: none;
    width: 44px;
    display: flex;
    align-items: center;
    justify-content: center;
    border-inline-start: 1px solid var(--divider-color);
    color: var(--primary-color);
  }
  .unlock[disabled] {
    color: var(--disabled-text-color, #bdbdbd);
    cursor: default;
  }
  .unlock svg.icon {
    width: 24px;
    height: 24px;
  }
  .tile-error {
    position: absolute;
    inset: auto 0 0 0;
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 4px 4px 4px 8px;
    font-size: var(--ha-font-size-s, 12px);
    background: var(--hl-error);
    color: var(--text-primary-color, #fff);
  }
  .tile-error .dismiss {
    display: flex;
    padding: 2px;
    border: none;
    border-radius: 4px;
    background: none;
    color: inherit;
    cursor: pointer;
  }
  .tile-error .dismiss:focus-visible {
    outline: 2px solid currentColor;
  }
  @media (max-width: 600px) {
    main {
      padding: 8px;
    }
    .grid {
      grid-template-columns: repeat(auto-fill, minmax(148px, 1fr));
    }
    .count {
      margin-inline-start: 0;
    }
  }
`;

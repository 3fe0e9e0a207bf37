import { css } from "lit";

// Everything is drawn with Home Assistant's theme variables, so the panel
// follows the user's theme, light or dark.
export const sharedStyles = css`
  :host {
    --hl-radius: var(--ha-card-border-radius, 12px);
    --hl-locked: var(--state-lock-locked-color, var(--green-color, #43a047));
    --hl-unlocked: var(--state-lock-unlocked-color, var(--red-color, #e53935));
    --hl-pending: var(--state-lock-pending-color, var(--orange-color, #fb8c00));
    --hl-muted: var(--secondary-text-color);
    --hl-warning: var(--warning-color, #ffa600);
    --hl-error: var(--error-color, #db4437);
  }
  svg.icon {
    width: 18px;
    height: 18px;
    fill: currentColor;
    flex: none;
  }
  .muted {
    color: var(--hl-muted);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .row {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .list > li {
    display: flex;
    align-items: center;
    gap: 12px;
    padding: 10px 0;
    border-bottom: 1px solid var(--divider-color);
  }
  .list > li:last-child {
    border-bottom: none;
  }
  .grow {
    flex: 1;
    min-width: 0;
  }
  h3 {
    font-size: var(--ha-font-size-m, 14px);
    font-weight: var(--ha-font-weight-medium, 500);
    color: var(--secondary-text-color);
    text-transform: none;
    margin: 20px 0 4px;
  }
  .code {
    font-family: var(--ha-font-family-code, ui-monospace, monospace);
    font-size: 28px;
    letter-spacing: 0.12em;
    font-weight: 500;
  }
  .ok {
    color: var(--success-color, #43a047);
  }
  .error {
    color: var(--hl-error);
  }
  .warn {
    color: var(--hl-warning);
  }
`;

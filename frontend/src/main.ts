import { LitElement, html } from "lit";

/** The Front desk panel (first stage: the element the sidebar opens). */
class FrontDeskPanel extends LitElement {
  override render() {
    return html`<h1>Front desk</h1>`;
  }
}
customElements.define("hotel-lock-frontdesk", FrontDeskPanel);

// The launcher's look as plain CSS text: the lit element and the first-paint
// launcher (painted before lit and the panel load) share it, so the swap
// from one to the other moves no pixel. Host selectors apply to either.
export const themeCss = `
  :host {
    --accent: var(--loyalty-accent, #1d5c46);
    --accent-text: var(--loyalty-accent-text, #ffffff);
    --surface: var(--loyalty-surface, #ffffff);
    --text: var(--loyalty-text, #1b1f1d);
    --muted: var(--loyalty-muted, #4d5753);
    --radius: var(--loyalty-radius, 12px);
    font-family: var(--loyalty-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    color: var(--text);
    font-size: 15px;
    line-height: 1.4;
  }
`;

export const launcherCss = `
  *, *::before, *::after { box-sizing: border-box; }
  button, input { font: inherit; }
  :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
  .launcher {
    position: fixed; bottom: 20px; inset-inline-end: 20px; z-index: 2147483000;
    display: inline-flex; align-items: center; gap: 8px; min-height: 48px; padding: 0 18px;
    border: 0; border-radius: 999px; background: var(--accent); color: var(--accent-text);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.2); cursor: pointer; font-weight: 600;
  }
  :host([position='bottom-left']) .launcher { inset-inline-end: auto; inset-inline-start: 20px; }
  .badge { background: var(--accent-text); color: var(--accent); border-radius: 999px; padding: 1px 8px; font-size: 13px; }
`;

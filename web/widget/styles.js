import { css, unsafeCSS } from 'lit';
import { launcherCss, themeCss } from './launcher-style.js';

// Theming: --loyalty-accent, --loyalty-accent-text, --loyalty-surface,
// --loyalty-text, --loyalty-radius, --loyalty-font; parts: launcher, badge,
// panel, tab, button. Colours meet WCAG AA contrast on the defaults.
export const styles = css`
  ${unsafeCSS(themeCss)}
  :host([mode='inline']) { display: block; min-height: 420px; }
  /* Merchant and shopper texts can be anything: long words wrap, never widen the panel. */
  .panel, .launcher { overflow-wrap: anywhere; }
  .panel { unicode-bidi: isolate; }
  .clamp { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

  ${unsafeCSS(launcherCss)}

  .backdrop { position: fixed; inset: 0; z-index: 2147483001; background: rgb(0 0 0 / 0.35); }
  .panel {
    position: fixed; z-index: 2147483002; bottom: 84px; inset-inline-end: 20px;
    width: min(380px, calc(100vw - 16px)); max-height: min(640px, calc(100vh - 100px));
    display: flex; flex-direction: column; background: var(--surface); color: var(--text);
    border-radius: var(--radius); box-shadow: 0 12px 40px rgb(0 0 0 / 0.3); overflow: hidden;
  }
  :host([position='bottom-left']) .panel { inset-inline-end: auto; inset-inline-start: 20px; }
  :host([mode='inline']) .panel { position: static; width: 100%; max-height: none; box-shadow: none; border: 1px solid #c9d1cd; }
  @media (max-width: 420px) {
    .panel { inset-inline: 8px; bottom: 8px; width: auto; max-height: calc(100vh - 16px); }
  }
  header { display: flex; align-items: center; justify-content: space-between; gap: 8px; padding: 12px 16px; background: var(--accent); color: var(--accent-text); }
  header h2 { margin: 0; font-size: 17px; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; min-width: 0; }
  .alert { background: #fde8e8; color: #7a1111; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
  .icon-button { background: transparent; border: 0; color: inherit; min-width: 44px; min-height: 44px; cursor: pointer; font-size: 22px; line-height: 1; }
  nav { display: flex; flex-wrap: wrap; gap: 4px; padding: 8px; border-bottom: 1px solid #dde3e0; }
  nav button { border: 1px solid transparent; background: transparent; color: var(--text); border-radius: 999px; padding: 6px 10px; min-height: 36px; cursor: pointer; }
  nav button[aria-current='page'] { background: var(--accent); color: var(--accent-text); }
  main { padding: 16px; overflow-y: auto; flex: 1; }
  footer { padding: 8px 16px; font-size: 12px; color: var(--muted); border-top: 1px solid #dde3e0; }
  h3 { font-size: 15px; margin: 16px 0 8px; }
  .balance { font-size: 28px; font-weight: 700; margin: 0; }
  .muted { color: var(--muted); }
  .card { border: 1px solid #dde3e0; border-radius: 10px; padding: 12px; margin: 12px 0; }
  .progress { width: 100%; height: 8px; margin-top: 8px; }
  .progress .track { fill: #e4e9e7; }
  .progress .fill { fill: var(--accent); }
  .notice { background: #fff4d6; color: #5c4300; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
  ul.plain { list-style: none; padding: 0; margin: 0; }
  ul.plain li { display: flex; justify-content: space-between; gap: 12px; padding: 8px 0; border-bottom: 1px solid #eef1f0; }
  .points { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
  .negative { color: #8a1c1c; }
  .primary { background: var(--accent); color: var(--accent-text); border: 0; border-radius: 8px; padding: 8px 14px; min-height: 40px; cursor: pointer; font-weight: 600; }
  .secondary { background: transparent; color: var(--accent); border: 1px solid var(--accent); border-radius: 8px; padding: 8px 14px; min-height: 40px; cursor: pointer; }
  button[disabled] { opacity: 0.55; cursor: not-allowed; }
  /* A reward is a card: name and cost on one line, then description, reason
     and its buttons, stacked, so no label is squeezed into a narrow column. */
  ul.plain li.reward { display: grid; grid-template-columns: minmax(0, 1fr); gap: 6px; border: 1px solid #dde3e0;
    border-radius: 10px; padding: 12px; margin: 0 0 10px; }
  .reward-head { display: flex; justify-content: space-between; align-items: baseline; gap: 12px; min-width: 0; }
  .reward-head strong { overflow-wrap: anywhere; }
  .reward p { margin: 0; }
  .reward .actions, .code-row .actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  .reward .actions p, .code-row .actions p { flex-basis: 100%; margin: 0; }
  ul.plain li.code-row { display: grid; grid-template-columns: minmax(0, 1fr); gap: 8px; }
  ul.plain li.code-row:last-child { border-bottom: 0; }
  .code-row .code { display: inline-block; margin-top: 4px; font-size: 16px; padding: 4px 8px; overflow-wrap: anywhere; }
  .codes h3, [data-test=giving] h3 { margin: 0 0 4px; }
  [data-test=giving] p { margin: 0 0 4px; }
  .reward .slider { display: grid; gap: 4px; }
  .primary, .secondary { white-space: nowrap; }
  .causes { border: 0; padding: 0; margin: 0 0 8px; min-width: 0; display: grid; gap: 6px; flex-basis: 100%; }
  .causes legend { padding: 0; margin-bottom: 6px; }
  .causes label { display: flex; gap: 8px; align-items: center; min-height: 24px; }
  [data-test=giving] li { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; }
  .survey fieldset { border: 0; padding: 0; margin: 0; min-width: 0; }
  .survey legend { padding: 0; margin-bottom: 8px; }
  .scores { display: grid; grid-template-columns: repeat(11, minmax(0, 1fr)); gap: 3px; }
  .score { position: relative; }
  .score input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
  .score span { display: grid; place-items: center; min-height: 36px; border: 1px solid var(--accent); border-radius: 6px;
    color: var(--accent); font-variant-numeric: tabular-nums; }
  .score input:checked + span { background: var(--accent); color: var(--accent-text); }
  .score input:focus-visible + span { outline: 3px solid var(--accent); outline-offset: 2px; }
  .survey .scale { display: flex; justify-content: space-between; gap: 8px; font-size: 12px; margin: 4px 0 8px; }
  .survey .comment { display: grid; gap: 4px; margin-bottom: 8px; }
  .survey textarea { font: inherit; width: 100%; box-sizing: border-box; }
  .code { font-family: ui-monospace, monospace; font-size: 18px; letter-spacing: 1px; padding: 8px; background: #eef1f0; border-radius: 6px; }
  input[type='range'] { width: 100%; accent-color: var(--accent); }
  .member-card { text-align: center; }
  .member-card h3 { margin: 0; font-size: 20px; }
  .member-card .qr { display: block; width: min(240px, 70vw); height: auto; margin: 12px auto 8px; }
  .member-code { font-size: 13px; letter-spacing: 0; overflow-wrap: anywhere; direction: ltr; unicode-bidi: isolate; }
  .chart { margin: 0; }
  svg { width: 100%; height: auto; display: block; }
  .legend { display: flex; gap: 12px; font-size: 12px; flex-wrap: wrap; }
  .legend svg.swatch { display: inline-block; width: 10px; height: 10px; margin-inline-end: 4px; vertical-align: baseline; }
  @media (prefers-reduced-motion: no-preference) {
    .panel { animation: rise 160ms ease-out; }
    @keyframes rise { from { transform: translateY(8px); opacity: 0; } to { transform: none; opacity: 1; } }
  }
`;

// The stylesheet of <matang-calculator>, adopted by each shadow root (`adoptedStyleSheets`),
// so a page whose CSP has `style-src 'self'` (no inline styles) shows it styled: nothing is
// written in a <style> element or a style="" attribute.
//
// Theming: every colour, the font and the radius read a `--matang-*` custom property set on
// the element (or any ancestor), with the defaults below; every visible region is a part.

const CSS = `
:host { display: block; container-type: inline-size; }
:host([hidden]) { display: none; }
.card {
  --_bg: var(--matang-bg, #fff); --_fg: var(--matang-fg, #1d2733); --_muted: var(--matang-muted, #4f5d6b);
  --_line: var(--matang-line, #c9d3dd); --_soft: var(--matang-soft, #f3f6f9); --_bad: var(--matang-bad, #b42318);
  --_accent: var(--matang-accent, #0b5cad); --_focus: var(--matang-focus, #1a73e8);
  --_head-bg: var(--matang-header-bg, #0b3d6e); --_head-fg: var(--matang-header-fg, #fff);
  --_results-bg: var(--matang-results-bg, #fbfcfd); --_input-bg: var(--matang-input-bg, #fff);
  --_notice-bg: var(--matang-notice-bg, #fff6e5); --_notice-line: var(--matang-notice-line, #f0c36d);
  --_track: var(--matang-track, #e4eaf0); --_radius: var(--matang-radius, 12px);
  /* Inherited properties are all set here, so a page's global CSS reaching the host changes nothing inside. */
  font: 400 15px/1.45 var(--matang-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  color: var(--_fg); letter-spacing: normal; word-spacing: normal; text-transform: none; text-align: start;
  text-indent: 0; text-shadow: none; white-space: normal; font-style: normal; font-variant: normal; visibility: visible;
  border: 1px solid var(--_line); border-radius: var(--_radius); background: var(--_bg); overflow: clip; box-sizing: border-box;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) .card {
    --_bg: var(--matang-bg, #141b22); --_fg: var(--matang-fg, #e6edf3); --_muted: var(--matang-muted, #a9b6c3);
    --_line: var(--matang-line, #34414e); --_soft: var(--matang-soft, #1f2a35); --_bad: var(--matang-bad, #ff8a80);
    --_accent: var(--matang-accent, #6cb4ff); --_focus: var(--matang-focus, #8ab4f8);
    --_head-bg: var(--matang-header-bg, #0d2a47); --_results-bg: var(--matang-results-bg, #18212a);
    --_input-bg: var(--matang-input-bg, #0f151b); --_notice-bg: var(--matang-notice-bg, #3a2e12);
    --_notice-line: var(--matang-notice-line, #8a6d1f); --_track: var(--matang-track, #2a3642);
    color-scheme: dark;
  }
}
:host([theme="dark"]) .card {
  --_bg: var(--matang-bg, #141b22); --_fg: var(--matang-fg, #e6edf3); --_muted: var(--matang-muted, #a9b6c3);
  --_line: var(--matang-line, #34414e); --_soft: var(--matang-soft, #1f2a35); --_bad: var(--matang-bad, #ff8a80);
  --_accent: var(--matang-accent, #6cb4ff); --_focus: var(--matang-focus, #8ab4f8);
  --_head-bg: var(--matang-header-bg, #0d2a47); --_results-bg: var(--matang-results-bg, #18212a);
  --_input-bg: var(--matang-input-bg, #0f151b); --_notice-bg: var(--matang-notice-bg, #3a2e12);
  --_notice-line: var(--matang-notice-line, #8a6d1f); --_track: var(--matang-track, #2a3642);
  color-scheme: dark;
}
*, *::before, *::after { box-sizing: border-box; }
header { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between;
  padding: 14px 18px; background: var(--_head-bg); color: var(--_head-fg); }
h2 { margin: 0; font-size: 1.1rem; font-weight: 650; line-height: 1.3; }
header p { margin: 2px 0 0; font-size: .82rem; }
.langs { display: flex; border: 1px solid currentColor; border-radius: 999px; overflow: hidden; }
.langs button { background: transparent; color: inherit; border: 0; padding: 5px 12px; font: inherit; font-size: .85rem; cursor: pointer; min-height: 32px; }
.langs button[aria-pressed="true"] { background: var(--_head-fg); color: var(--_head-bg); font-weight: 650; }
.body { display: grid; grid-template-columns: 1fr; }
.entry { padding: 16px 18px; }
.fields { display: grid; gap: 12px 16px; grid-template-columns: 1fr; }
.field { display: flex; flex-direction: column; gap: 3px; min-width: 0; }
.field label { font-weight: 600; font-size: .88rem; }
.req { color: var(--_bad); font-weight: 400; font-size: .78rem; }
.unit { color: var(--_muted); font-weight: 400; }
input, select { font: inherit; color: inherit; padding: 7px 9px; border: 1px solid var(--_muted); border-radius: 7px;
  background: var(--_input-bg); min-height: 40px; width: 100%; margin: 0; }
input:focus-visible, select:focus-visible, button:focus-visible { outline: 3px solid var(--_focus); outline-offset: 2px; }
[aria-invalid="true"] { border-color: var(--_bad); border-width: 2px; }
.help { color: var(--_muted); font-size: .8rem; }
.err { color: var(--_bad); font-size: .82rem; font-weight: 600; }
.err:empty { display: none; }
.actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 14px; }
.actions button { font: inherit; font-size: .88rem; padding: 7px 14px; border-radius: 7px; border: 1px solid var(--_muted);
  background: var(--_soft); color: inherit; cursor: pointer; min-height: 40px; }
.results { padding: 16px 18px; background: var(--_results-bg); min-width: 0; }
.results[aria-busy="true"] .live { opacity: .55; }
.results.stale .live { opacity: .45; }
.summary { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; }
.score { font-size: 2.6rem; font-weight: 750; line-height: 1; color: var(--_accent); }
.score small { font-size: .8rem; font-weight: 500; color: var(--_muted); }
.badge { display: inline-block; padding: 5px 12px; border-radius: 999px; color: #fff; background: #4f5d6b; font-weight: 700; font-size: .9rem; }
.meta { color: var(--_muted); font-size: .88rem; margin-top: 6px; }
.meta strong { color: var(--_fg); }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--_muted); margin: 18px 0 8px; font-weight: 700; }
.entry > h3:first-child { margin-top: 0; }
.bars { list-style: none; margin: 0; padding: 0; display: grid; gap: 7px; }
.bars li { display: grid; grid-template-columns: minmax(90px, 40%) 1fr 3.2em; gap: 8px; align-items: center; font-size: .86rem; }
.track { display: block; height: 10px; background: var(--_track); border-radius: 5px; overflow: hidden; }
.fill { display: block; height: 100%; width: 0; background: var(--_accent); border-radius: 5px; transition: width .2s; }
.num { text-align: end; font-variant-numeric: tabular-nums; }
.insuff { color: var(--_bad); font-size: .78rem; }
.radar-box { max-width: 460px; margin: 0 auto; }
svg.radar { width: 100%; height: auto; display: block; }
ul.plain { margin: 0; padding-inline-start: 18px; font-size: .88rem; }
ul.plain li { margin: 3px 0; }
.gate { color: var(--_bad); }
.notice { background: var(--_notice-bg); border: 1px solid var(--_notice-line); border-radius: 8px; padding: 8px 10px; font-size: .86rem; margin: 0 0 10px; }
.notice:empty { display: none; }
.notice ul { margin: 4px 0 0; padding-inline-start: 18px; }
.fatal { padding: 18px; margin: 0; color: var(--_bad); }
.loading { padding: 18px; margin: 0; color: var(--_muted); }
.mini { position: sticky; bottom: 0; display: flex; align-items: center; gap: 10px; padding: 8px 16px;
  background: var(--_head-bg); color: var(--_head-fg); font-size: .9rem; }
.mini strong { font-size: 1.3rem; }
.mini .badge { font-size: .8rem; padding: 3px 10px; }
.mini:empty { display: none; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
@container (min-width: 820px) {
  .body { grid-template-columns: minmax(0, 1.35fr) minmax(330px, 1fr); }
  .results { border-inline-start: 1px solid var(--_line); }
  .results .live { position: sticky; top: 12px; }
  .mini { display: none; }
  .fields { grid-template-columns: 1fr 1fr; }
}
@container (min-width: 560px) and (max-width: 819px) { .fields { grid-template-columns: 1fr 1fr; } }
@container (max-width: 420px) { header, .entry, .results { padding-inline: 12px; } }
@media print {
  .card { border: 0; background: #fff; color: #000; --_muted: #333; --_accent: #000; --_results-bg: #fff; --_head-bg: #fff; --_head-fg: #000; }
  header { padding: 0 0 6px; border-bottom: 2px solid #000; }
  .langs, .actions, .mini, .help, .sr { display: none !important; }
  .body { display: flex; flex-direction: column; }
  .results { order: -1; border: 0; padding: 8px 0; break-inside: avoid; }
  .results .live { position: static; }
  .entry { padding: 8px 0; }
  .fields { grid-template-columns: 1fr 1fr; gap: 2px 16px; }
  .field { flex-direction: row; gap: 6px; align-items: baseline; break-inside: avoid; }
  .field[data-empty] { display: none; }
  input, select { border: 0; padding: 0; min-height: 0; width: auto; flex: 1; appearance: none; background: none; font-weight: 700; }
  ::placeholder { color: transparent; }
  :focus-visible { outline: none !important; }
  ::-webkit-calendar-picker-indicator { display: none; }
  .radar-box { max-width: 300px; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

let sheet = null;
/** The one stylesheet every calculator on the page adopts. */
export function calculatorSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

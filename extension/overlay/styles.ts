// The badges' CSS, inlined into each shadow root; their tones follow the system's colour scheme,
// as the inboxes' own dark modes do. Inline rather than a CSS file: a file would
// have to be web-accessible to every inbox origin, including the ones a user adds later.

const RESET = `:host{all:initial;display:inline-flex;vertical-align:middle;}`;

const TONES = `
.tone-within{background:#dcfce7;color:#14532d;border-color:#86efac;}
.tone-close{background:#fef3c7;color:#78350f;border-color:#fcd34d;}
.tone-over{background:#fee2e2;color:#7f1d1d;border-color:#fca5a5;}
.tone-neutral{background:#f1f5f9;color:#1e293b;border-color:#cbd5e1;}
.tone-error{background:#fff7ed;color:#7c2d12;border-color:#fdba74;}
@media (prefers-color-scheme:dark){
.tone-within{background:#14532d;color:#dcfce7;border-color:#15803d;}
.tone-close{background:#78350f;color:#fef3c7;border-color:#b45309;}
.tone-over{background:#7f1d1d;color:#fee2e2;border-color:#b91c1c;}
.tone-neutral{background:#1e293b;color:#e2e8f0;border-color:#475569;}
.tone-error{background:#7c2d12;color:#ffedd5;border-color:#c2410c;}
}
`;

export const HEADER_BADGE_CSS = `${RESET}
:host{margin:0 8px;}
.badge{display:inline-flex;align-items:center;gap:6px;font:500 12px/1.2 system-ui,-apple-system,"Segoe UI",sans-serif;
  padding:4px 10px;border:1px solid;border-radius:999px;cursor:pointer;white-space:nowrap;max-width:360px;overflow:hidden;text-overflow:ellipsis;}
.badge:focus-visible{outline:2px solid #2563eb;outline-offset:2px;}
@media (prefers-color-scheme:dark){.badge:focus-visible{outline-color:#60a5fa;}}
.value{font-variant-numeric:tabular-nums;font-weight:700;}
.brand{font-size:13px;}
${TONES}`;

/** When the adapter finds no header, the badge floats at the top right of the window. */
export const FLOATING_CSS = `:host{position:fixed;top:10px;right:16px;z-index:2147483000;margin:0;}
.badge{box-shadow:0 2px 8px rgba(15,23,42,.18);}`;

export const ROW_BADGE_CSS = `${RESET}
:host{margin-left:6px;pointer-events:none;}
.row-badge{display:inline-block;font:600 11px/1.3 system-ui,-apple-system,"Segoe UI",sans-serif;font-variant-numeric:tabular-nums;
  padding:1px 6px;border:1px solid;border-radius:999px;white-space:nowrap;}
${TONES}`;

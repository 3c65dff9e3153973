/**
 * The modal's stylesheet, inside its shadow root. `:host` resets every inherited property with
 * `all: initial !important` (important declarations of a shadow tree win over the page's, CSS
 * Cascade 5 §6.3), so page styles reach nothing inside. Themable through CSS custom properties,
 * which do cross the shadow boundary: set them on `tessera-connect-modal` or any ancestor.
 *
 * | variable | what |
 * |---|---|
 * | `--tessera-modal-background`, `--tessera-modal-foreground` | dialog colours |
 * | `--tessera-modal-muted`, `--tessera-modal-border`, `--tessera-modal-surface` | secondary text, lines, buttons |
 * | `--tessera-modal-accent`, `--tessera-modal-accent-foreground` | primary button, focus ring |
 * | `--tessera-modal-success`, `--tessera-modal-danger` | paired and error states |
 * | `--tessera-modal-backdrop`, `--tessera-modal-radius`, `--tessera-modal-font`, `--tessera-modal-z-index` | the rest |
 *
 * Strings only: must never read the page's styles.
 */

type Palette = Readonly<Record<string, string>>

const LIGHT: Palette = {
  background: '#ffffff',
  foreground: '#161a22',
  muted: '#535b68',
  border: '#d5dae2',
  surface: '#eef1f5',
  accent: '#2356d0',
  'accent-foreground': '#ffffff',
  success: '#17753a',
  danger: '#b42318',
  backdrop: 'rgb(10 14 22 / 0.55)',
}

const DARK: Palette = {
  background: '#171b23',
  foreground: '#eef1f6',
  muted: '#a5adba',
  border: '#343b48',
  surface: '#242a35',
  accent: '#8fb0ff',
  'accent-foreground': '#0c1222',
  success: '#5fd08a',
  danger: '#ff8c80',
  backdrop: 'rgb(0 0 0 / 0.65)',
}

const variables = (palette: Palette): string =>
  Object.entries(palette)
    .map(([name, value]) => `--_${name}: var(--tessera-modal-${name}, ${value});`)
    .join('\n    ')

export const STYLES = `
  :host {
    all: initial !important;
    display: block !important;
    position: fixed !important;
    inset: 0 !important;
    z-index: var(--tessera-modal-z-index, 2147483000) !important;
    ${variables(LIGHT)}
  }
  :host([data-theme='dark']) {
    ${variables(DARK)}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([data-theme='light'])) {
      ${variables(DARK)}
    }
  }
  * { box-sizing: border-box; }
  [hidden] { display: none !important; }
  .backdrop {
    position: fixed;
    inset: 0;
    display: flex;
    align-items: center;
    justify-content: center;
    padding: 16px;
    background: var(--_backdrop);
    font-family: var(--tessera-modal-font, system-ui, -apple-system, 'Segoe UI', 'PingFang SC',
      'Hiragino Sans GB', 'Microsoft YaHei', sans-serif);
    font-size: 15px;
    line-height: 1.45;
    color: var(--_foreground);
  }
  .dialog {
    position: relative;
    width: min(100%, 380px);
    max-height: 100%;
    overflow: auto;
    padding: 20px;
    border-radius: var(--tessera-modal-radius, 16px);
    border: 1px solid var(--_border);
    background: var(--_background);
    color: var(--_foreground);
    box-shadow: 0 20px 60px rgb(0 0 0 / 0.3);
  }
  .dialog:focus { outline: none; }
  header { display: flex; align-items: center; justify-content: space-between; gap: 12px; }
  h2 { margin: 0; font-size: 18px; font-weight: 650; }
  p { margin: 8px 0 0; }
  .instructions { color: var(--_muted); font-size: 14px; }
  .qr {
    margin: 16px auto 0;
    width: min(100%, 260px);
    aspect-ratio: 1;
    border-radius: 12px;
    overflow: hidden;
    border: 1px solid var(--_border);
  }
  .qr svg { display: block; width: 100%; height: 100%; }
  :host([data-state='expired']) .qr, :host([data-state='error']) .qr { opacity: 0.15; }
  .status { margin-top: 14px; text-align: center; font-weight: 600; min-height: 1.45em; }
  :host([data-state='paired']) .status { color: var(--_success); }
  :host([data-state='error']) .status, :host([data-state='expired']) .status { color: var(--_danger); }
  .detail { text-align: center; color: var(--_muted); font-size: 13px; overflow-wrap: anywhere; }
  .copy { display: flex; gap: 8px; margin-top: 14px; }
  input {
    flex: 1;
    min-width: 0;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_surface);
    color: var(--_foreground);
    font: 12px ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
  }
  button, a {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-height: 40px;
    padding: 8px 14px;
    border: 1px solid var(--_border);
    border-radius: 8px;
    background: var(--_surface);
    color: var(--_foreground);
    font: inherit;
    font-size: 14px;
    font-weight: 600;
    text-decoration: none;
    cursor: pointer;
  }
  button:hover, a:hover { border-color: var(--_accent); }
  :focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
  .close {
    min-height: 36px;
    width: 36px;
    padding: 0;
    font-size: 22px;
    line-height: 1;
    background: transparent;
    border-color: transparent;
  }
  .links { display: grid; gap: 8px; margin-top: 14px; }
  .links h3 { margin: 0; font-size: 13px; font-weight: 600; color: var(--_muted); }
  .primary {
    width: 100%;
    margin-top: 14px;
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-foreground);
  }
`

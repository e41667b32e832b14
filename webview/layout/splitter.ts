import { h, setAttr } from '../dom';

/**
 * The draggable bar between the list and the detail pane, and the pane layout: detail beside the
 * list or below it (by default beside, below once the panel is narrower than 820 px; the user can
 * choose either). Sizes are CSS custom properties written through the CSSOM (the CSP forbids style
 * attributes in markup, not CSSOM writes); the owner keeps them in the webview's state, per panel.
 */

/** Detail beside the list or below it; undefined follows the panel's width. */
export type PaneLayout = 'side' | 'stacked';

/** What the panes remember. */
export interface PaneState {
  layout?: PaneLayout;
  /** Detail pane width (side by side) and height (stacked), px. */
  width?: number;
  height?: number;
}

/** Smallest list and detail, px. */
const MIN_PANE = 200;
const KEY_STEP = 24;
const NARROW = '(max-width: 820px)';

/** The splitter and the pane layout of `.main`; see the module comment. */
export class Splitter {
  readonly element: HTMLElement;
  private state: PaneState;

  constructor(private readonly main: HTMLElement, saved: PaneState | undefined, private readonly changed: (state: PaneState) => void) {
    this.state = { ...saved };
    this.element = h('div', { class: 'splitter', attrs: { role: 'separator', tabindex: 0, 'aria-label': 'Resize the detail pane (arrow keys)' } });
    this.element.addEventListener('pointerdown', (e) => this.onDown(e));
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('dblclick', () => this.setLayout(this.layout === 'side' ? 'stacked' : 'side'));
    window.matchMedia(NARROW).addEventListener('change', () => this.apply());
    this.apply();
  }

  /** The layout in effect. */
  get layout(): PaneLayout {
    return this.state.layout ?? (window.matchMedia(NARROW).matches ? 'stacked' : 'side');
  }

  /** Puts the detail beside or below the list, and remembers it. */
  setLayout(layout: PaneLayout): void {
    this.state.layout = layout;
    this.apply();
    this.changed({ ...this.state });
  }

  private apply(): void {
    const side = this.layout === 'side';
    this.main.classList.toggle('panes-side', side);
    this.main.classList.toggle('panes-stacked', !side);
    setAttr(this.element, 'aria-orientation', side ? 'vertical' : 'horizontal');
    this.setSize(side ? this.state.width : this.state.height, false);
  }

  /** Sets the detail pane's size (px, clamped), or the default for undefined. */
  private setSize(px: number | undefined, save: boolean): void {
    const side = this.layout === 'side';
    const name = side ? '--detail-width' : '--detail-height';
    if (px === undefined) {
      this.main.style.removeProperty(name);
      return;
    }
    const rect = this.main.getBoundingClientRect();
    const room = (side ? rect.width : rect.height) - MIN_PANE;
    const size = Math.round(room > MIN_PANE ? Math.max(MIN_PANE, Math.min(room, px)) : px);
    this.main.style.setProperty(name, `${size}px`);
    if (side) this.state.width = size;
    else this.state.height = size;
    if (save) this.changed({ ...this.state });
  }

  private current(): number {
    const detail = this.main.lastElementChild?.getBoundingClientRect();
    return detail ? (this.layout === 'side' ? detail.width : detail.height) : MIN_PANE;
  }

  private onDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    e.preventDefault();
    this.element.setPointerCapture(e.pointerId);
    this.element.classList.add('dragging');
    const move = (m: PointerEvent): void => {
      const rect = this.main.getBoundingClientRect();
      const half = this.element.getBoundingClientRect()[this.layout === 'side' ? 'width' : 'height'] / 2;
      this.setSize(this.layout === 'side' ? rect.right - m.clientX - half : rect.bottom - m.clientY - half, false);
    };
    const up = (): void => {
      this.element.removeEventListener('pointermove', move);
      this.element.classList.remove('dragging');
      this.changed({ ...this.state });
    };
    this.element.addEventListener('pointermove', move);
    this.element.addEventListener('pointerup', up, { once: true });
    this.element.addEventListener('pointercancel', up, { once: true });
  }

  private onKey(e: KeyboardEvent): void {
    const grow: Record<string, number> = this.layout === 'side' ? { ArrowLeft: 1, ArrowRight: -1 } : { ArrowUp: 1, ArrowDown: -1 };
    const sign = grow[e.key];
    if (sign === undefined) return;
    e.preventDefault();
    this.setSize(this.current() + sign * KEY_STEP, true);
  }
}

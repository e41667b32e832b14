import { h } from '../dom';

/**
 * Resizable list columns: a grip at the right edge of each header cell that has a `data-col`
 * name; dragging it sets `--col-<name>` on the list pane (CSSOM, allowed by the CSP), which the
 * header's and the rows' grid template read, so every row follows without being rendered again.
 */

/** Column widths in px by column name. */
export type ColumnWidths = Record<string, number>;

const MIN_COLUMN = 36;
const MAX_COLUMN = 1200;

/** Adds the grips to `header`'s cells and applies `saved`; `changed` hears the widths after a drag. */
export function makeColumnsResizable(pane: HTMLElement, header: HTMLElement, saved: ColumnWidths | undefined, changed: (widths: ColumnWidths) => void): void {
  const widths: ColumnWidths = {};
  const set = (name: string, px: number): void => {
    widths[name] = Math.round(Math.max(MIN_COLUMN, Math.min(MAX_COLUMN, px)));
    pane.style.setProperty(`--col-${name}`, `${widths[name]}px`);
  };
  for (const [name, px] of Object.entries(saved ?? {})) if (/^[a-z]+$/.test(name) && Number.isFinite(px)) set(name, px);
  for (const cell of header.querySelectorAll<HTMLElement>('[data-col]')) {
    const name = cell.dataset.col!;
    const grip = h('span', { class: 'col-grip', attrs: { role: 'separator', 'aria-orientation': 'vertical', title: 'Drag to resize the column' } });
    cell.append(grip);
    grip.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      grip.setPointerCapture(e.pointerId);
      const left = cell.getBoundingClientRect().left;
      const move = (m: PointerEvent): void => set(name, m.clientX - left);
      grip.addEventListener('pointermove', move);
      grip.addEventListener(
        'pointerup',
        () => {
          grip.removeEventListener('pointermove', move);
          changed({ ...widths });
        },
        { once: true },
      );
    });
  }
}

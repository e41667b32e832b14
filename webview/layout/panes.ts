import { h, setAttr } from '../dom';
import { makeColumnsResizable, type ColumnWidths } from '../list/columnSizer';
import { listHeader } from '../list/rowView';
import { Splitter, type PaneState } from './splitter';

/** The main area: the list pane (resizable column header, list, empty state), the splitter, the detail pane. */
export function buildMain(
  list: HTMLElement,
  empty: HTMLElement,
  detail: HTMLElement,
  saved: { panes?: PaneState; columns?: ColumnWidths },
  save: (layout: { panes?: PaneState; columns?: ColumnWidths }) => void,
): { main: HTMLElement; splitter: Splitter } {
  setAttr(list, 'role', 'listbox');
  setAttr(list, 'tabindex', 0);
  setAttr(list, 'aria-label', 'Messages');
  const header = listHeader();
  const pane = h('div', { class: 'list-pane' }, header, list, empty);
  const main = h('div', { class: 'main' }, pane);
  makeColumnsResizable(pane, header, saved.columns, (columns) => save({ columns }));
  const splitter = new Splitter(main, saved.panes, (panes) => save({ panes }));
  main.append(splitter.element, detail);
  return { main, splitter };
}

import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeDropdown,
  vsCodeOption,
  vsCodePanels,
  vsCodePanelTab,
  vsCodePanelView,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

/**
 * The one file that imports @vscode/webview-ui-toolkit (pinned at 1.4.0, deprecated upstream since
 * January 2025). Toolbar, text field, dropdowns, tabs and buttons come from here; the list and the
 * diff are our own DOM, so moving to @vscode-elements/elements touches only this file and the tag
 * names below. The toolkit's badge is not used: its template carries a `style="${…}"` attribute,
 * which Chromium reports as a style-src-attr violation under our CSP (a hash cannot allow an
 * attribute without 'unsafe-hashes'), so the "n new" badge is a styled span.
 */

let registered = false;

/** Registers the toolkit's custom elements once. */
export function registerComponents(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeDropdown(), vsCodeOption(), vsCodePanels(), vsCodePanelTab(), vsCodePanelView(), vsCodeTextField());
}

/** Tag names of the components used. */
export const TAGS = {
  button: 'vscode-button',
  dropdown: 'vscode-dropdown',
  option: 'vscode-option',
  panels: 'vscode-panels',
  panelTab: 'vscode-panel-tab',
  panelView: 'vscode-panel-view',
  textField: 'vscode-text-field',
} as const;

/** A form component's value, read without the toolkit's types leaking out of this file. */
export function valueOf(el: Element): string {
  const v = (el as Element & { value?: unknown }).value;
  return typeof v === 'string' ? v : '';
}

/** Sets a form component's value. */
export function setValue(el: Element, value: string): void {
  (el as Element & { value?: string }).value = value;
}

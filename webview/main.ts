import { TimelineApp } from './app';
import type { UiState, WebviewApi } from './uiState';

/** Entry point of dist/webview.js: wires the VS Code webview API to the app. */

declare function acquireVsCodeApi(): WebviewApi & { setState(state: UiState): void };

const api = acquireVsCodeApi();
const report = (message: string): void => api.postMessage({ messageId: 0, body: { type: 'webview/error', message: message.slice(0, 900) } });
window.addEventListener('error', (e) => report(`${e.message} at ${e.filename}:${e.lineno}`));
window.addEventListener('unhandledrejection', (e) => report(String(e.reason instanceof Error ? e.reason.message : e.reason)));

const root = document.getElementById('root') ?? document.body;
void new TimelineApp(root, api).start();

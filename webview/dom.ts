/**
 * The webview's only way to build DOM: elements get text through textContent and attributes
 * through setAttribute with a fixed allow-list, so no payload string is ever parsed as HTML and no
 * event-handler attribute can be set.
 */

const SAFE_ATTRIBUTES = /^(class|id|role|title|tabindex|hidden|slot|value|appearance|placeholder|activeid|open|colspan|for|name|type|disabled|selected|aria-[a-z]+|data-[a-z-]+)$/;

/** Properties of h(): text, attributes, children. */
export interface Props {
  text?: string;
  class?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
}

/** Sets `name` on `el` if it is on the allow-list; `false`/`undefined` remove it. */
export function setAttr(el: Element, name: string, value: string | number | boolean | undefined): void {
  if (!SAFE_ATTRIBUTES.test(name)) throw new Error(`attribute ${name} is not allowed`);
  if (value === undefined || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

/** A new element with text, class, attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Array<Node | string | undefined>): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Array<Node | string | undefined>): HTMLElement;
export function h(tag: string, props: Props = {}, ...children: Array<Node | string | undefined>): HTMLElement {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(el, name, value);
  for (const child of children) {
    if (child === undefined) continue;
    el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

/** Removes every child of `el`. */
export function clear(el: Element): void {
  el.replaceChildren();
}

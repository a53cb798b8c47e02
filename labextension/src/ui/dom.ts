/** A tiny typed DOM builder: `h('td', { className: 'x' }, 'text', child)`. */

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  className?: string;
  title?: string;
  /** data-* attributes, by their name without the prefix. */
  data?: Record<string, string>;
  attrs?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? text(String(child)) : child);
  }
}

function text(value: string): Text {
  return document.createTextNode(value);
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) {
    el.className = props.className;
  }
  if (props.title) {
    el.title = props.title;
  }
  for (const [name, value] of Object.entries(props.data ?? {})) {
    el.dataset[name] = value;
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    el.setAttribute(name, value);
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    el.addEventListener(type, listener as EventListener);
  }
  append(el, children);
  return el;
}

/** Replace every child of `parent`. */
export function replaceChildren(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) {
    parent.removeChild(parent.firstChild);
  }
  append(parent, children);
}

/** A button with a click handler. */
export function button(label: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
  const el = h('button', { ...props, className: `jp-Button jp-mod-styled mdb-Button ${props.className ?? ''}` }, label);
  el.type = 'button';
  el.addEventListener('click', onClick);
  return el;
}

/** A titled section with a body. */
export function section(title: string, ...body: Child[]): HTMLElement {
  return h('section', { className: 'mdb-Section' }, h('h3', { className: 'mdb-Section-title' }, title), ...body);
}

/** A placeholder line for empty lists. */
export function empty(message: string): HTMLElement {
  return h('div', { className: 'mdb-Empty' }, message);
}

/** A two-column key/value table. */
export function keyValueTable(rows: readonly [string, Child][], className = ''): HTMLTableElement {
  return h(
    'table',
    { className: `mdb-KV ${className}` },
    h('tbody', {}, ...rows.map(([key, value]) => h('tr', {}, h('th', {}, key), h('td', {}, value))))
  );
}

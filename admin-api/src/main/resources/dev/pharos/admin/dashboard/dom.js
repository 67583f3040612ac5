// Small DOM helpers. Text is always set as text, never parsed as HTML: every value shown comes from the API.

export const $ = selector => document.querySelector(selector);

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'onclick') {
      element.addEventListener('click', value);
    } else if (value !== null && value !== undefined && value !== false) {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    element.append(child instanceof Node ? child : document.createTextNode(child ?? ''));
  }
  return element;
}

/** Replaces a table body's rows; shows one row with `empty` when there are none. */
export function fillRows(tbody, rows, empty) {
  const columns = tbody.closest('table').querySelectorAll('thead th').length;
  tbody.replaceChildren(...(rows.length > 0 ? rows : [el('tr', {}, el('td', { colspan: columns, class: 'muted' }, empty))]));
}

export function time(epochMillisOrIso) {
  if (epochMillisOrIso === null || epochMillisOrIso === undefined) {
    return '';
  }
  return new Date(epochMillisOrIso).toLocaleTimeString();
}

// Form controls shared by the panels' toolbars (styles `.filter` and `.check` in media/common/base.css).
import { el, icon } from './dom';

/** A search box with a filter icon (`#filter`); `onInput` gets the text on every keystroke. */
export function filterBox(placeholder: string, label: string, value: string, onInput: (text: string) => void): HTMLSpanElement {
  const input = el('input', { type: 'search', placeholder, 'aria-label': label, id: 'filter' });
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  return el('span', { class: 'filter' }, icon('filter'), input);
}

/** A labelled checkbox; `onChange` gets the new state. */
export function checkBox(label: string, id: string, checked: boolean, onChange: (checked: boolean) => void): HTMLLabelElement {
  const box = el('input', { type: 'checkbox', id });
  box.checked = checked;
  box.addEventListener('change', () => onChange(box.checked));
  return el('label', { class: 'check' }, box, label);
}

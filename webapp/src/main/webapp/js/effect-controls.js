// The effect's controls, built from the server's option table (GET /effect-options): names, labels, ranges and
// defaults all come from the server, so the page holds no copy that could disagree with it.
// The choice whose background is a picture the person sends (docs/protocol.md, "Background picture").
export const PICTURE_CHOICE = 'image';

export class EffectControls extends EventTarget {
  #inputs = new Map();
  #touched = new Set();
  #picker = null;

  /** Fetches the table and builds one control per option in container; rejects when the table cannot be read. */
  async load(container) {
    const response = await fetch('effect-options', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`the effect options could not be read (HTTP ${response.status})`);
    const { options } = await response.json();
    container.replaceChildren(...options.map((option) => this.#control(option)));
  }

  /** The options the person changed: sent with "start" so that the server's defaults apply to the rest. */
  changed() {
    return Object.fromEntries([...this.#touched].map((name) => [name, this.#value(name)]));
  }

  /** Shows the options in force (from "ready" and "options"). */
  show(options) {
    for (const [name, value] of Object.entries(options ?? {})) {
      const entry = this.#inputs.get(name);
      if (!entry) continue;
      if (entry.option.kind === 'boolean') entry.input.checked = value;
      else entry.input.value = value;
      entry.output?.replaceChildren(format(entry.option, value));
      if (this.#picker && entry.option.choices?.includes(PICTURE_CHOICE)) this.#picker.hidden = value !== PICTURE_CHOICE;
    }
  }

  #control(option) {
    const id = option.name;
    if (option.kind === 'boolean') {
      const label = element('label', { className: 'switch' });
      const input = element('input', { id, type: 'checkbox', checked: option.default });
      label.append(input, element('span', { textContent: option.label }));
      this.#watch(option, input, null, 'change');
      return label;
    }
    const label = element('label', { className: 'field' });
    const title = element('span', { textContent: `${option.label} ` });
    let input;
    let output = null;
    if (option.kind === 'choice') {
      input = element('select', { id });
      input.append(...option.choices.map((choice) => element('option', { value: choice, textContent: choice })));
      input.value = option.default;
    } else {
      input = element('input', { id, type: 'range', min: option.min, max: option.max, step: option.step,
        value: option.default });
      output = element('output', { id: `${id}Value`, textContent: format(option, option.default) });
      title.append(output);
      input.addEventListener('input', () => output.replaceChildren(format(option, this.#value(id))));
    }
    label.append(title, input);
    this.#watch(option, input, output, 'change');
    if (option.kind === 'choice' && option.choices.includes(PICTURE_CHOICE)) label.append(this.#picturePicker(input));
    return label;
  }

  // The `image` choice shows a file input; a chosen file is sent as the session's picture (event "picture"), and the
  // server's answer ("options", or an IMAGE_REFUSED error) switches the background or says why not.
  #picturePicker(select) {
    const picker = element('input', { id: 'backgroundPicture', type: 'file', accept: 'image/png,image/jpeg',
      hidden: select.value !== PICTURE_CHOICE });
    select.addEventListener('change', () => { picker.hidden = select.value !== PICTURE_CHOICE; });
    this.#picker = picker;
    picker.addEventListener('change', () => {
      if (!picker.files.length) return;
      this.dispatchEvent(new CustomEvent('picture', { detail: picker.files[0] }));
      picker.value = ''; // choosing the same file again sends it again
    });
    return picker;
  }

  #watch(option, input, output, event) {
    this.#inputs.set(option.name, { option, input, output });
    input.addEventListener(event, () => {
      if (this.#value(option.name) === PICTURE_CHOICE) return; // chosen by sending a picture
      this.#touched.add(option.name);
      this.dispatchEvent(new CustomEvent('change', { detail: { [option.name]: this.#value(option.name) } }));
    });
  }

  #value(name) {
    const { option, input } = this.#inputs.get(name);
    if (option.kind === 'boolean') return input.checked;
    if (option.kind === 'choice') return input.value;
    return Number(input.value);
  }
}

function element(tag, properties) {
  return Object.assign(document.createElement(tag), properties);
}

// As many decimals as the step has: 0.05 -> 2, 10 -> 0.
function format(option, value) {
  if (option.kind !== 'number' && option.kind !== 'integer') return String(value);
  const decimals = (String(option.step).split('.')[1] ?? '').length;
  return Number(value).toFixed(decimals);
}

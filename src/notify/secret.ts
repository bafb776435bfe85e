/**
 * A secret setting (a token, a password, a Slack webhook URL): the value is read with `reveal()` only where it is
 * sent; printed, interpolated or serialized (the debug log's settings line, an error) it is `***`.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  get set(): boolean {
    return this.#value !== '';
  }
  toString(): string {
    return this.#value === '' ? '' : '***';
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Replaces every occurrence of each secret (and its URL-encoded form) in `text` with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < 4) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    try {
      forms.add(new URL(s).href);
    } catch {
      /* not a URL */
    }
  }
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join('***');
  return out;
}

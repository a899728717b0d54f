/**
 * `--set` as Helm parses it (helm.sh/helm pkg/strvals): `a.b=1,c[0].d=x`,
 * `list={a,b}`, `\,` and `\.` escapes, typed values (`true`, `false`,
 * `null`, integers not starting with 0), each assignment written into the
 * values the user gave so far, where `list[1]=x` keeps the other items.
 */

const MAX_INDEX = 65536;

export class SetSyntaxError extends Error {}

/** Applies one `--set` argument to `target` (modified in place) and returns it. */
export function parseSetInto(text: string, target: Record<string, unknown>): Record<string, unknown> {
  const parser = new Parser(text);
  while (!parser.done()) {
    parser.key(target);
    if (!parser.done() && !parser.take(',')) throw new SetSyntaxError(`unexpected text at ${parser.rest()}`);
  }
  return target;
}

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  public done(): boolean {
    return this.at >= this.text.length;
  }
  public rest(): string {
    return JSON.stringify(this.text.slice(this.at));
  }
  public take(char: string): boolean {
    if (this.text[this.at] !== char) return false;
    this.at++;
    return true;
  }

  /** Reads up to one of `stops` (escapes honoured); returns the text and the stop found (or ''). */
  private until(stops: string): [string, string] {
    let out = '';
    while (this.at < this.text.length) {
      const char = this.text[this.at++];
      if (char === '\\' && this.at < this.text.length) out += this.text[this.at++];
      else if (stops.includes(char)) return [out, char];
      else out += char;
    }
    return [out, ''];
  }

  public key(data: Record<string, unknown>): void {
    const [key, stop] = this.until('=[,.');
    if (key === '') throw new SetSyntaxError('a key is empty');
    if (stop === '') throw new SetSyntaxError(`key "${key}" has no value`);
    if (stop === ',') throw new SetSyntaxError(`key "${key}" has no value (cannot guess the type)`);
    if (stop === '.') {
      const inner = isMap(data[key]) ? (data[key] as Record<string, unknown>) : {};
      this.key(inner);
      data[key] = inner;
      return;
    }
    if (stop === '[') {
      const list = Array.isArray(data[key]) ? (data[key] as unknown[]) : [];
      data[key] = this.listItem(list, this.index());
      return;
    }
    data[key] = this.value();
  }

  private index(): number {
    const [digits, stop] = this.until(']');
    if (stop !== ']' || !/^\d+$/.test(digits)) throw new SetSyntaxError(`bad list index [${digits}`);
    const index = Number(digits);
    if (index > MAX_INDEX) throw new SetSyntaxError(`list index ${index} is over the limit of ${MAX_INDEX}`);
    return index;
  }

  private listItem(list: unknown[], index: number): unknown[] {
    const [rest, stop] = this.until('[.=');
    if (rest !== '') throw new SetSyntaxError(`unexpected "${rest}" after a list index`);
    if (stop === '=') return setIndex(list, index, this.value());
    if (stop === '.') {
      const inner = isMap(list[index]) ? (list[index] as Record<string, unknown>) : {};
      this.key(inner);
      return setIndex(list, index, inner);
    }
    if (stop === '[') {
      const inner = Array.isArray(list[index]) ? (list[index] as unknown[]) : [];
      return setIndex(list, index, this.listItem(inner, this.index()));
    }
    throw new SetSyntaxError('a list index has no value');
  }

  /** A value up to the next unescaped comma, or a `{a,b}` list. */
  private value(): unknown {
    if (this.take('{')) {
      const items: unknown[] = [];
      for (;;) {
        const [item, stop] = this.until(',}');
        if (stop === '') throw new SetSyntaxError('a list value has no closing }');
        items.push(typedValue(item));
        if (stop === '}') return items;
      }
    }
    const [raw] = this.peekUntilComma();
    return typedValue(raw);
  }

  private peekUntilComma(): [string] {
    const [text, stop] = this.until(',');
    if (stop === ',') this.at--; // the caller sees the comma and goes on with the next key
    return [text];
  }
}

function setIndex(list: unknown[], index: number, value: unknown): unknown[] {
  const out = [...list];
  while (out.length < index) out.push(null);
  out[index] = value;
  return out;
}

function isMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** strvals' typedVal: booleans and null in any case, integers unless they start with 0. */
function typedValue(text: string): unknown {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0;
  if (text !== '' && text[0] !== '0' && /^[+-]?\d+$/.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value)) return value;
  }
  return text;
}

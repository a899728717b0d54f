/**
 * A condition written once: in a template, `if X … end` next to `if not X … end` becomes one
 * `if X … else … end`, and a compound condition used more than once is computed once into a
 * template variable (`{{- $condition1 := and … }}`) that every use refers to.
 */
const IF = /^(\s*)\{\{- if (.+) \}\}$/;
const OPENS = /^\s*\{\{- (if|with|range) /;
const END = /^\s*\{\{- end \}\}$/;

export function nameConditions(text: string): string {
  return hoistRepeated(mergeElse(text.split('\n'))).join('\n');
}

/** The index of the `end` closing the block opened at `start`. */
function blockEnd(lines: string[], start: number): number {
  let depth = 0;
  for (let i = start; i < lines.length; i++) {
    if (OPENS.test(lines[i])) depth++;
    else if (END.test(lines[i]) && --depth === 0) return i;
  }
  return -1;
}

function negates(a: string, b: string): boolean {
  return b === `not ${a}` || b === `not (${a})` || a === `not ${b}` || a === `not (${b})`;
}

function mergeElse(lines: string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const first = IF.exec(out[i]);
    if (!first) continue;
    const end = blockEnd(out, i);
    const second = end >= 0 ? IF.exec(out[end + 1] ?? '') : null;
    if (!second || second[1] !== first[1] || !negates(first[2], second[2])) continue;
    // `if X … end if not X … end` → `if X … else … end`
    out.splice(end, 2, `${first[1]}{{- else }}`);
  }
  return out;
}

function hoistRepeated(lines: string[]): string[] {
  const text = lines.join('\n');
  const candidates = new Set<string>();
  for (const line of lines) {
    const match = IF.exec(line);
    if (!match) continue;
    const inner = /^not \((.+)\)$/.exec(match[2])?.[1] ?? match[2];
    if (inner.includes(' ') && !inner.includes('$')) candidates.add(inner);
  }
  const definitions: string[] = [];
  let out = lines;
  for (const condition of candidates) {
    if (text.split(condition).length - 1 < 2) continue;
    const name = `$condition${definitions.length + 1}`;
    definitions.push(`{{- ${name} := ${condition} }}`);
    out = out.map((line) =>
      line.split(`{{- if ${condition} }}`).join(`{{- if ${name} }}`).split(`(${condition})`).join(name),
    );
  }
  return [...definitions, ...out];
}

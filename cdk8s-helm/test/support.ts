/** What the package's tests share: the real helm (skipped with a SKIP line when there is none) and temp dirs. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findHelm } from '../src/helm-binary';
import { helmTemplateText } from '../src/helm-binary';
import { parseDocuments } from '../src/yaml11';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Manifest = any;

function helmOrUndefined(): string | undefined {
  try {
    return findHelm();
  } catch (error) {
    return void console.warn(`SKIP: ${(error as Error).message}`);
  }
}

export const HELM = helmOrUndefined();

/** `test`, or `test.skip` when there is no helm. */
export const helmTest: typeof test = HELM ? test : test.skip;

export function writeChart(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-helm-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** `helm template`, parsed as YAML 1.1 (as Helm and kubectl read it); throws with helm's message. */
export function helmTemplate(dir: string, args: string[], release = 'rel', namespace = 'ns'): Manifest[] {
  const result = helmTemplateText(HELM!, dir, { name: release, namespace }, args);
  if (!result.ok) throw new Error(`helm template failed: ${result.message}`);
  return parseDocuments(result.text, '1.1');
}

/** Objects in the order `kind/name`, since helm sorts them by kind for installation. */
export function byKindAndName(objects: Manifest[]): Manifest[] {
  return [...objects].sort((a, b) =>
    `${a.kind}/${a.metadata?.name}`.localeCompare(`${b.kind}/${b.metadata?.name}`),
  );
}

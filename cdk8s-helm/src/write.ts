/** Writing a chart's files into a directory, whole or not at all. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes the files into a fresh sibling directory, then swaps it in for `dir`,
 * so a reader never sees half a chart and files of an earlier run do not linger.
 */
export function writeChartDirectory(dir: string, files: Record<string, string>): void {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).length > 0 && !existsSync(join(target, 'Chart.yaml'))) {
    throw new Error(`writeChart: ${dir} is not empty and holds no Chart.yaml; refusing to replace it`);
  }
  mkdirSync(dirname(target), { recursive: true });
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}.chart-`));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      writeFileSync(join(staging, path), content);
    }
    const previous = existsSync(target) ? `${staging}.previous` : undefined;
    if (previous) renameSync(target, previous);
    renameSync(staging, target);
    if (previous) rmSync(previous, { recursive: true, force: true });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** `helm template` of a chart as a release, offline: how deploy and the upgrade guard read what a chart makes. */
import { run } from './run';

/** The chart did not render (helm's own message, on one line). */
export class RenderError extends Error {}

export interface ReleaseName {
  name: string;
  namespace: string;
}

/** The arguments, for plans and for the call itself. */
export const templateArgs = (release: ReleaseName, chart: string, sets: string[] = []) => [
  'template',
  release.name,
  chart,
  '-n',
  release.namespace,
  ...sets.flatMap((set) => ['--set', set]),
];

/** The rendered YAML documents of `chart` (a directory or a packaged .tgz) with the values `sets`. */
export function helmTemplate(release: ReleaseName, chart: string, sets: string[] = []): string {
  const result = run('helm', templateArgs(release, chart, sets));
  if (result.status !== 0)
    throw new RenderError(
      `helm template ${chart} failed: ${result.stderr.trim().split('\n').join(' ') || `exit ${result.status}`}`,
    );
  return result.stdout;
}

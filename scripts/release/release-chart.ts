/**
 * The released chart: synthesized by the project's synth CLI into a temporary
 * directory (dist/ is never touched) with values that point at the registry and
 * version, packaged with `helm package`, pushed with `helm push`.
 */
import { join } from 'node:path';
import { run } from '../lib/run';
import { REPO_ROOT } from '../lib/paths';
import { CHART_NAME, componentOf, ImageName, IMAGE_NAMES, RegistryRef, remoteImage } from './registry-ref';

export type Digests = Partial<Record<ImageName, string>>;

/**
 * The values a release bakes into the chart: the registry, and once pushed the digests.
 * The tags are left empty: the chart then uses its appVersion, which `helm package
 * --app-version` sets to the release version.
 */
export function chartValues(registry: RegistryRef, digests: Digests = {}): string[] {
  return [
    `global.imageRegistry=${registry.prefix}`,
    ...IMAGE_NAMES.flatMap((image) =>
      digests[image] ? [`${componentOf(image)}.image.digest=${digests[image]}`] : [],
    ),
  ];
}

/** How a chart may run a pinned image: repository@digest, or with the tag kept for readers. */
export const pinnedImageForms = (
  registry: RegistryRef,
  image: ImageName,
  version: string,
  digest: string,
) => [`${registry.prefix}/${image}@${digest}`, `${remoteImage(registry, image, version)}@${digest}`];

const TSX_CLI = join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const SYNTH = join(REPO_ROOT, 'scripts', 'synth.ts');

/**
 * The synth command line: the release version becomes the chart's version, appVersion and
 * image tags; `extra` adds other synth flags (the signing key's --sign-key and --sign-key-url).
 */
export function synthArgs(outDir: string, version: string, values: string[], extra: string[] = []): string[] {
  return [
    SYNTH,
    '--out',
    outDir,
    '--version',
    version,
    ...values.flatMap((value) => ['--set', value]),
    ...extra,
  ];
}

export function synthesizeChart(outDir: string, version: string, values: string[], extra: string[] = []) {
  return run('node', [TSX_CLI, ...synthArgs(outDir, version, values, extra)], { timeoutMs: 5 * 60000 });
}

export const chartDir = (synthOut: string) => join(synthOut, 'helm', CHART_NAME);
export const packagedChart = (dir: string, version: string) => join(dir, `${CHART_NAME}-${version}.tgz`);

export const packageArgs = (chart: string, version: string, destination: string) => [
  'package',
  chart,
  '--version',
  version,
  '--app-version',
  version,
  '--destination',
  destination,
];

export const pushChartArgs = (packaged: string, repository: string, plainHttp: boolean) => [
  'push',
  packaged,
  repository,
  ...(plainHttp ? ['--plain-http'] : []),
];

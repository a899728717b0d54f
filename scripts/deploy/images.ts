/** Building the images, and loading them into minikube under the names the chart uses. */
import { join } from 'node:path';
import { IMAGES } from '../../chart/metadata';
import { version } from '../../package.json';
import { ContainerCli, qualifiedImageName } from '../lib/images';
import { REPO_ROOT } from '../lib/paths';
import { NOT_FOUND, run, RunResult } from '../lib/run';
import { findTool } from '../lib/tools';

export const BUILD_SCRIPT = join('scripts', 'images', 'build-images.sh');

/** The name build-images.sh gives a component's image (tagged with the package version by default). */
export function builtImage(component: string, env: NodeJS.ProcessEnv): string {
  const name = IMAGES[component as keyof typeof IMAGES];
  if (!name) throw new Error(`the chart runs a component no image is built for: ${component}`);
  return `${name}:${env.IMAGE_TAG || version}`;
}

export function buildImages(cli: ContainerCli, env: NodeJS.ProcessEnv): RunResult {
  return run('bash', [join(REPO_ROOT, BUILD_SCRIPT)], {
    timeoutMs: 20 * 60000,
    env: { ...env, CONTAINER_CLI: cli },
  });
}

/** Tags the built image with the chart's name and pipes it into minikube (lib/images minikubeLoadCommands). */
export function loadIntoMinikube(cli: ContainerCli, built: string, chartImage: string): RunResult {
  const target = qualifiedImageName(chartImage);
  const tagged = run(cli, ['tag', built, target]);
  if (tagged.status !== 0) return tagged;
  const cliTool = findTool(cli);
  const minikube = findTool('minikube');
  if (cliTool.path === undefined) return { status: NOT_FOUND, stdout: '', stderr: cliTool.reason };
  if (minikube.path === undefined) return { status: NOT_FOUND, stdout: '', stderr: minikube.reason };
  // Paths and names go in as positional parameters, never into the script text.
  return run(
    'bash',
    ['-c', 'set -o pipefail; "$0" save "$1" | "$2" image load -', cliTool.path, target, minikube.path],
    { timeoutMs: 10 * 60000 },
  );
}

/**
 * The project's two images, built from the working tree (the same script, base and
 * cache as `npm run images` and test:images), put into the cluster's containerd under
 * the names the chart runs by default, so pods start without a registry.
 */
import { spawnSync } from 'node:child_process';
import { version } from '../../package.json';
import { IMAGES } from '../../chart/metadata';
import { qualifiedImageName } from '../lib/images';
import { REPO_ROOT } from '../lib/paths';
import { importPodmanImage } from './images';
import { sh } from './processes';

const script = (name: string, ...args: string[]) =>
  sh('bash', [`${REPO_ROOT}/scripts/images/${name}`, ...args]).trim();

/** Builds (or reuses, by build inputs) both images and imports them; returns the names imported. */
export function importAppImages(log: (line: string) => void): string[] {
  const base = script('make-local-base.sh');
  const imported: string[] = [];
  for (const [component, repository] of Object.entries(IMAGES)) {
    const checked = `localhost/todo-${component}:inputs-${script('build-inputs.sh', component, base)}`;
    if (spawnSync('podman', ['image', 'exists', checked]).status !== 0) {
      log(`building ${checked} from the working tree`);
      sh('bash', [`${REPO_ROOT}/scripts/images/build-images.sh`], {
        env: {
          ...process.env,
          NODE_IMAGE: base,
          IMAGE_TAG: checked.split(':').pop(),
          CONTAINER_CLI: 'podman',
          IMAGES: component,
        },
      });
    }
    const target = qualifiedImageName(`${repository}:${version}`);
    sh('podman', ['tag', checked, target]);
    importPodmanImage(target);
    imported.push(target);
  }
  return imported;
}

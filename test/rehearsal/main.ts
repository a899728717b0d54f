/**
 * `npm run test:rehearsal`: takes both images as test:images checked them from the
 * same build inputs, or builds them from the working tree (the project's build
 * script, podman, a tag of this run; cached layers are reused), mounts them, and
 * runs the rehearsal tests inside a network and PID namespace of their own, so the
 * pods' ports never meet anything else on the machine and no process the tests
 * start can outlive them. Afterwards it unmounts and untags (or removes) the images
 * and removes the run's directory, whatever happened. Prints a SKIP line where
 * podman (or root, or a needed tool) is missing.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTEXT_VARIABLE, RehearsalContext } from './lib/context';
import { imageKey, ImageIndex } from './lib/rehearsal';
import { REPO_ROOT } from '../../scripts/lib/paths';

const ROOT = REPO_ROOT;
const WORKLOADS = ['backend', 'frontend'];
/** A hung test must not hold CI: the tests (all their namespaces) are killed after this. */
const TESTS_DEADLINE_MINUTES = 20;
const began = Date.now();
const since = (start: number) => `${((Date.now() - start) / 1000).toFixed(1)} s`;

function skipUnlessReady(): void {
  const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  const missing = [
    !has('podman') && 'podman is not installed (apt-get install podman)',
    process.getuid?.() !== 0 && 'it needs root (mounts, namespaces, chroot)',
    ...[
      ['unshare', 'util-linux'],
      ['setpriv', 'util-linux'],
      ['perl', 'perl-base'],
      ['ip', 'iproute2'],
    ].map(([command, pkg]) => !has(command) && `${command} is missing (apt-get install ${pkg})`),
  ].filter(Boolean);
  if (missing.length) {
    console.log(`SKIP: ${missing.join('; ')}: the chart-and-images rehearsal did not run.`);
    process.exit(0);
  }
}

const podman = (...args: string[]) =>
  execFileSync('podman', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

const scriptOutput = (script: string, ...args: string[]) =>
  execFileSync('bash', [script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();

/**
 * Gives both images this run's tag: an image test:images checked from the same build
 * inputs (tagged todo-NAME:inputs-HASH) is reused, the others are built. Adds the
 * names of those it builds to `built` before building (their tag removes them
 * afterwards; a reused image is only untagged).
 */
function provideImages(tag: string, runDir: string, built: string[]): void {
  const started = Date.now();
  const base = scriptOutput('scripts/images/make-local-base.sh');
  const toBuild: string[] = [];
  for (const name of WORKLOADS) {
    const checked = `localhost/todo-${name}:inputs-${scriptOutput('scripts/images/build-inputs.sh', name, base)}`;
    if (spawnSync('podman', ['image', 'exists', checked]).status === 0) {
      podman('tag', checked, `localhost/todo-${name}:${tag}`);
      console.log(`rehearsal: reusing ${checked}, checked by test:images from the same build inputs`);
    } else toBuild.push(name);
  }
  if (!toBuild.length) return;
  built.push(...toBuild);
  const build = spawnSync('bash', ['scripts/images/build-images.sh'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_IMAGE: base,
      IMAGE_TAG: tag,
      CONTAINER_CLI: 'podman',
      IMAGES: toBuild.join(' '),
    },
    maxBuffer: 256 * 1024 * 1024,
  });
  const output = `${build.stdout}${build.stderr}`;
  writeFileSync(join(runDir, 'build.log'), output);
  for (const line of output.split('\n').filter((l) => l.startsWith('images: '))) console.log(line);
  if (build.status !== 0) {
    console.error(output.split('\n').slice(-60).join('\n'));
    throw new Error(`the image build failed (exit ${build.status})`);
  }
  console.log(
    `rehearsal: ${toBuild.join(' and ')} built from the working tree on ${base} in ${since(started)}`,
  );
}

function mountImages(tag: string): ImageIndex {
  return Object.fromEntries(
    WORKLOADS.map((name) => {
      const reference = `localhost/todo-${name}:${tag}`;
      const config = JSON.parse(podman('image', 'inspect', reference))[0].Config;
      return [imageKey(reference), { root: podman('image', 'mount', reference), config }];
    }),
  );
}

/** The tests, as PID 1 of a new PID namespace in a new network namespace with only loopback (up). */
function runTests(contextFile: string): Promise<number> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(__dirname, f));
  const child = spawn(
    'setpriv',
    [
      // If this process dies, the namespaces go with it.
      '--pdeathsig',
      'KILL',
      '--',
      'unshare',
      '--net',
      '--pid',
      '--fork',
      '--kill-child',
      '--mount-proc',
      'sh',
      '-c',
      'ip link set lo up && exec "$@"',
      'rehearsal',
      process.execPath,
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      ...files,
    ],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, [CONTEXT_VARIABLE]: contextFile } },
  );
  // unshare ignores SIGTERM while it waits; SIGKILL takes it, its child and so every namespace down.
  const stop = () => child.kill('SIGKILL');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const deadline = setTimeout(() => {
    console.error(
      `rehearsal: the tests did not finish within ${TESTS_DEADLINE_MINUTES} minutes; stopping them`,
    );
    stop();
  }, TESTS_DEADLINE_MINUTES * 60000);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      clearTimeout(deadline);
      resolve(signal ? 1 : (code ?? 1));
    }),
  );
}

/** Mounts under the run directory still visible here would mean something escaped its namespace. */
function leftoverMounts(runDir: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((path) => path?.startsWith(runDir));
}

async function main(): Promise<number> {
  skipUnlessReady();
  const tag = `rehearsal-${process.pid}-${randomBytes(3).toString('hex')}`;
  const runDir = mkdtempSync(join(tmpdir(), 'todo-rehearsal-'));
  const built: string[] = [];
  let status = 1;
  try {
    provideImages(tag, runDir, built);
    const context: RehearsalContext = {
      tag,
      chart: process.env.REHEARSAL_CHART ?? join(ROOT, 'dist', 'helm', 'todo-app'),
      images: mountImages(tag),
      runDir,
    };
    console.log(`rehearsal: chart ${context.chart}`);
    const contextFile = join(runDir, 'context.json');
    writeFileSync(contextFile, JSON.stringify(context));
    const started = Date.now();
    status = await runTests(contextFile);
    console.log(`rehearsal: tests ran in ${since(started)}`);
  } catch (error) {
    console.error(`rehearsal: ${(error as Error).message}`);
  } finally {
    for (const name of WORKLOADS) {
      const reference = `localhost/todo-${name}:${tag}`;
      spawnSync('podman', ['image', 'unmount', reference], { stdio: 'ignore' });
      const remove = built.includes(name) ? ['rmi', reference] : ['untag', reference, reference];
      spawnSync('podman', remove, { stdio: 'ignore' });
    }
    const leftovers = leftoverMounts(runDir);
    if (leftovers.length) {
      console.error(`rehearsal: mounts left behind: ${leftovers.join(', ')}`);
      for (const path of leftovers.reverse()) spawnSync('umount', ['-l', path]);
      status = 1;
    } else {
      rmSync(runDir, { recursive: true, force: true });
    }
  }
  console.log(`rehearsal: ${status === 0 ? 'passed' : 'FAILED'} in ${since(began)} (total)`);
  return status;
}

void main().then((status) => process.exit(status));

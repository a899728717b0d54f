/**
 * The package as a user gets it: `npm pack`, the tarball installed into a
 * scratch project outside the repository, a chart written there with
 * cdk8s-plus-28 only, and the shipped proof (`npx cdk8s-helm verify`) run on it
 * with the real helm, generated value sets included, under both YAML readings.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HELM, helmTest } from './support';

const PACKAGE_DIR = join(__dirname, '..');

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_audit: 'false' },
  });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The version of a dependency this repository resolved, so the scratch project installs the same. */
function installed(name: string): string {
  let dir = PACKAGE_DIR;
  while (!existsSync(join(dir, 'node_modules', name, 'package.json')) && dirname(dir) !== dir)
    dir = dirname(dir);
  const file = join(dir, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

helmTest(
  'the tarball installs outside the repository, and its verify proves a cdk8s-plus chart',
  () => {
    const work = realpathSync(mkdtempSync(join(tmpdir(), 'cdk8s-helm-pack-')));
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], PACKAGE_DIR)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const shipped = packed.files.map((f) => f.path);
    expect(shipped).toEqual(
      expect.arrayContaining(['lib/index.js', 'lib/index.d.ts', 'lib/cli.js', 'README.md']),
    );
    expect(shipped.filter((path) => path.startsWith('src/') || path.startsWith('test/'))).toEqual([]);

    const project = join(work, 'project');
    mkdirSync(project);
    const dependencies = Object.fromEntries(
      ['cdk8s', 'constructs', 'cdk8s-plus-28', '@sinclair/typebox'].map((name) => [name, installed(name)]),
    );
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'scratch',
        private: true,
        dependencies: { ...dependencies, 'cdk8s-helm': `file:../${packed.filename}` },
      }),
    );
    run('npm', ['install', '--prefer-offline', '--no-fund', '--no-audit'], project);
    copyFileSync(join(__dirname, 'fixtures', 'queue-chart.js'), join(project, 'chart.js'));

    // The package resolves inside the scratch project, not to this repository.
    const resolved = run('node', ['-p', "require.resolve('cdk8s-helm')"], project).trim();
    expect(resolved).toBe(join(project, 'node_modules', 'cdk8s-helm', 'lib', 'index.js'));

    const verify = spawnSync('npx', ['--no-install', 'cdk8s-helm', 'verify', 'chart.js', '--helm', HELM!], {
      cwd: project,
      encoding: 'utf8',
    });
    expect({ status: verify.status, stderr: verify.stderr }).toEqual({ status: 0, stderr: '' });
    expect(verify.stdout).toMatch(/0 different, 0 values uncovered: OK$/m);
    // Generated value sets flipped the worker off, emptied the hosts and used an existing Secret.
    expect(verify.stdout).toContain('ok  worker.enabled=false');
    expect(verify.stdout).toContain('ok  hosts=[]');
    expect(verify.stdout).toMatch(/ok {2}existingSecret="/);
  },
  600_000,
);

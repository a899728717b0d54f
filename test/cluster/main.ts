/**
 * `npm run test:cluster`: starts the one-node test cluster (npm run cluster -- up,
 * built from pinned upstream components), runs the cluster tests in order against
 * it, and takes it down again whatever happened, failing if anything of it is left
 * on the machine. Prints a SKIP line only where it cannot run at all: without root
 * (network, cgroups, mounts) or without Go (the components are built from source).
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureGoTool, goToolDir, hasGo } from '../../scripts/lib/go-tools';
import { GO_TOOLS } from '../../scripts/go-tools/catalog';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { findTool } from '../../scripts/lib/tools';
import { CLUSTER, PATHS } from '../../scripts/cluster/layout';
import { leftovers, tearDown } from '../../scripts/cluster/teardown';
import { up } from '../../scripts/cluster/up';
import { ClusterContext, CONTEXT_VARIABLE } from './lib/context';

/** A hung test must not hold CI: the tests are killed after this. */
const TESTS_DEADLINE_MINUTES = 40;
const log = (line: string) => console.log(`test:cluster: ${line}`);

function skipUnlessPossible(): void {
  const missing = [
    process.getuid?.() !== 0 && 'it needs root (network, cgroups, mounts, containerd)',
    !hasGo() && 'Go is not installed (the components are built from their modules)',
  ].filter(Boolean);
  if (missing.length) {
    console.log(`SKIP: ${missing.join('; ')}: the real-cluster suite did not run.`);
    process.exit(0);
  }
}

function runTests(context: ClusterContext): Promise<number> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(__dirname, f));
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, [CONTEXT_VARIABLE]: JSON.stringify(context) },
  });
  const timer = setTimeout(() => {
    console.error(`test:cluster: the tests ran over ${TESTS_DEADLINE_MINUTES} minutes; stopping them`);
    child.kill('SIGKILL');
  }, TESTS_DEADLINE_MINUTES * 60_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    }),
  );
}

async function main(): Promise<number> {
  skipUnlessPossible();
  const started = Date.now();
  // A crashed earlier run may have left a cluster behind: start from nothing.
  tearDown(join(goToolDir(GO_TOOLS.kubernetes), 'kube-proxy'));
  let status = 1;
  try {
    const bins = await up({ log });
    const helm = findTool('helm').path;
    if (!helm) throw new Error('helm was not extracted into .tools/bin by npm install');
    const traefik = JSON.parse(
      spawnSync(bins.kubectl, ['get', 'service', 'traefik', '-n', CLUSTER.ingressNamespace, '-o', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: PATHS.adminKubeconfig },
      }).stdout,
    );
    status = await runTests({
      kubeconfig: PATHS.adminKubeconfig,
      kubectl: bins.kubectl,
      helm,
      helm3: join(ensureGoTool(GO_TOOLS.helm3, log), 'helm'),
      ingressUrl: `http://${traefik.spec.clusterIP}`,
    });
  } catch (error) {
    console.error(`test:cluster: ${(error as Error).message}`);
  } finally {
    const report = tearDown(join(goToolDir(GO_TOOLS.kubernetes), 'kube-proxy'));
    log(
      `down: ${report.daemons.length} daemons, ${report.podProcesses} pod processes, ${report.netns.length} netns`,
    );
    const left = leftovers();
    if (left.length) {
      console.error(`test:cluster: the cluster left this behind: ${left.join('; ')}`);
      status = 1;
    }
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return status;
}

main().then((code) => process.exit(code));

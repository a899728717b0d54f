/**
 * `up`: builds the pinned components (once; cached), then starts a one-node cluster:
 * network and guard rules, certificates, etcd, the control plane, containerd, the
 * kubelet and kube-proxy, the images, and the add-ons. Returns when all of it is ready.
 * Its steps run on the step runner deploy and release use (scripts/lib/steps.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { ensureGoTool, GO_TOOLS_DIR, pinnedVersion } from '../lib/go-tools';
import { dryRun, runSteps, Step, StepContext, StepFailure } from '../lib/steps';
import { GO_TOOLS } from '../go-tools/catalog';
import { applyAddons } from './addons';
import { importAppImages } from './app-images';
import { apiServer, controllerManager, etcd, scheduler } from './control-plane';
import { busyboxRecipe, importArchive, imageArchive, pauseBinary, pauseRecipe, staticRecipe } from './images';
import { CLUSTER, PATHS, STATE_DIR } from './layout';
import { installGuard, recordSysctls, setUpNetwork } from './network';
import { containerd, kubelet, kubeProxy, kubeRouter, writeNodeConfig } from './node';
import { ensurePki, pki } from './pki';
import { sh, startDaemon, waitFor } from './processes';
import { writeRuntimeConfig } from './runtime';

/** Commands from the distribution the cluster needs, with the Debian package of each. */
export const HOST_COMMANDS: [string, string][] = [
  ['containerd', 'containerd'],
  ['runc', 'runc'],
  ['ctr', 'containerd'],
  ['podman', 'podman'],
  ['iptables', 'iptables'],
  ['ipset', 'ipset'],
  ['ip', 'iproute2'],
  ['conntrack', 'conntrack'],
  ['gcc', 'gcc'],
  ['busybox', 'busybox-static'],
];
export const CNI_PLUGINS = ['/usr/lib/cni/bridge', '/usr/lib/cni/host-local', '/usr/lib/cni/loopback'];

/** Fails at once, naming the packages to install, when the distribution's part is missing. */
export function checkHost(): void {
  const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
  const packages = new Set(HOST_COMMANDS.filter(([command]) => !has(command)).map(([, pkg]) => pkg));
  if (CNI_PLUGINS.some((plugin) => !existsSync(plugin))) packages.add('containernetworking-plugins');
  if (packages.size)
    throw new StepFailure(
      `the cluster needs programs this machine lacks: ${[...packages].join(', ')}`,
      `apt-get install ${[...packages].join(' ')}`,
    );
}

export interface Binaries {
  kubernetes: string;
  kubectl: string;
  kubernetesVersion: string;
  etcd: string;
  coredns: string;
  kubeRouter: string;
  localPath: string;
  traefik: string;
}

/** The Go modules the cluster is built from (the catalog has the linters' and signing tools' too). */
const CLUSTER_TOOLS = [
  'kubernetes',
  'etcd',
  'coredns',
  'kube-router',
  'local-path-provisioner',
  'traefik',
] as const satisfies (keyof typeof GO_TOOLS)[];

/** Builds (or finds in the cache) every component; the first build takes a while. */
export function ensureBinaries(log: (line: string) => void): Binaries {
  const dir = (name: (typeof CLUSTER_TOOLS)[number]) => ensureGoTool(GO_TOOLS[name], log);
  const kubernetes = dir('kubernetes');
  return {
    kubernetes,
    kubectl: join(kubernetes, 'kubectl'),
    kubernetesVersion: pinnedVersion(GO_TOOLS.kubernetes),
    etcd: dir('etcd'),
    coredns: join(dir('coredns'), 'coredns'),
    kubeRouter: join(dir('kube-router'), 'kube-router'),
    localPath: join(dir('local-path-provisioner'), 'local-path-provisioner'),
    traefik: join(dir('traefik'), 'traefik'),
  };
}

/** GET over TLS (health paths need no credentials); resolves to the status code. */
function healthGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // The API server's certificate is checked against the cluster CA; the controllers' are self-signed.
    const verify = url.includes(CLUSTER.nodeIp);
    const request = https.get(
      url,
      { ca: verify ? readFileSync(pki.ca) : undefined, rejectUnauthorized: verify, timeout: 5000 },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timed out')));
  });
}

const healthy = (url: string) => async () => (await healthGet(url)) === 200;

function componentImages(bins: Binaries, log: (line: string) => void): Record<string, string> {
  const version = (name: keyof typeof GO_TOOLS) => pinnedVersion(GO_TOOLS[name]);
  const named = {
    IMAGE_COREDNS: staticRecipe(`localhost/todo-cluster/coredns:${version('coredns')}`, bins.coredns),
    IMAGE_LOCAL_PATH: staticRecipe(
      `localhost/todo-cluster/local-path-provisioner:${version('local-path-provisioner')}`,
      bins.localPath,
      '0:0',
    ),
    IMAGE_TRAEFIK: staticRecipe(`localhost/todo-cluster/traefik:${version('traefik')}`, bins.traefik),
    IMAGE_BUSYBOX: busyboxRecipe('localhost/todo-cluster/busybox:local'),
  };
  // pause.c ships in the k8s.io/kubernetes module the binaries were built from.
  const kubernetesSource = sh('go', ['list', '-m', '-f', '{{.Dir}}', 'k8s.io/kubernetes'], {
    cwd: join(GO_TOOLS_DIR, GO_TOOLS.kubernetes.module),
  }).trim();
  for (const recipe of [pauseRecipe(pauseBinary(kubernetesSource)), ...Object.values(named)]) {
    log(`image ${recipe.name}`);
    importArchive(imageArchive(recipe));
  }
  return Object.fromEntries(Object.entries(named).map(([key, recipe]) => [key, recipe.name]));
}

export interface UpOptions {
  /** Import the project's own images (built from the working tree); default true. */
  appImages?: boolean;
  log: (line: string) => void;
}

/** What the steps of `up` find and hand on. */
interface UpContext extends StepContext {
  options: UpOptions;
  bins?: Binaries;
  images?: Record<string, string>;
}

const API_URL = `https://${CLUSTER.nodeIp}:${CLUSTER.apiPort}`;
const found = <T>(value: T | undefined): T => {
  if (value === undefined) throw new Error('a step of up ran before the one that provides its input');
  return value;
};

/** `up`, step by step, in the order the components depend on each other. */
const UP_STEPS: Step<UpContext>[] = [
  {
    name: 'host programs',
    local: true,
    plan: () => [`command -v ${HOST_COMMANDS.map(([c]) => c).join(' ')}; ${CNI_PLUGINS.join(' ')}`],
    run: () => checkHost(),
  },
  {
    name: 'components (pinned Go modules, built once into the cache)',
    plan: () =>
      CLUSTER_TOOLS.map((name) => GO_TOOLS[name]).map(
        (tool) => `go build ${tool.versionOf}@${pinnedVersion(tool)}`,
      ),
    run: (ctx) => {
      ctx.bins = ensureBinaries(ctx.options.log);
      return `kubernetes ${ctx.bins.kubernetesVersion}`;
    },
  },
  {
    name: `network: bridge ${CLUSTER.bridge}, routes, sysctls`,
    plan: () => [
      `ip link add ${CLUSTER.bridge} type bridge; ${CLUSTER.nodeIp} for pods ${CLUSTER.podCidr}`,
      `ip route ${CLUSTER.serviceCidr} dev ${CLUSTER.bridge}; sysctls recorded for down`,
    ],
    run: () => {
      recordSysctls();
      setUpNetwork();
    },
  },
  {
    name: 'certificates and kubeconfigs (kubeadm)',
    plan: () => [`kubeadm init phase certs/kubeconfig into ${STATE_DIR}`],
    run: (ctx) => {
      const bins = found(ctx.bins);
      ensurePki(join(bins.kubernetes, 'kubeadm'), bins.kubernetesVersion);
      for (const dir of [PATHS.etcdData, PATHS.localPathVolumes, PATHS.podLogs, PATHS.kubeletRoot])
        mkdirSync(dir, { recursive: true, mode: 0o700 });
    },
  },
  {
    name: 'etcd and kube-apiserver',
    plan: () => ['etcd', `kube-apiserver on ${API_URL}, until /readyz`],
    run: async (ctx) => {
      const bins = found(ctx.bins);
      startDaemon(etcd(bins.etcd));
      startDaemon(apiServer(bins.kubernetes));
      await waitFor('kube-apiserver /readyz', 120, healthy(`${API_URL}/readyz`), 'kube-apiserver');
    },
  },
  {
    name: 'kube-controller-manager and kube-scheduler',
    plan: () => ['kube-controller-manager', 'kube-scheduler'],
    run: (ctx) => {
      const bins = found(ctx.bins);
      startDaemon(controllerManager(bins.kubernetes));
      startDaemon(scheduler(bins.kubernetes));
    },
  },
  {
    name: 'containerd',
    plan: () => [`containerd on ${PATHS.containerdSocket}, until ctr version answers`],
    run: async () => {
      writeRuntimeConfig();
      startDaemon(containerd());
      const answers = () => {
        sh('ctr', ['--address', PATHS.containerdSocket, 'version']);
        return true;
      };
      await waitFor('containerd', 60, answers, 'containerd');
    },
  },
  {
    name: 'images',
    plan: (ctx) => [
      'pause, CoreDNS, local-path-provisioner, Traefik and busybox, from the built binaries',
      ...(ctx.options.appImages !== false ? ['the todo-backend and todo-frontend images of this tree'] : []),
    ],
    run: (ctx) => {
      ctx.images = componentImages(found(ctx.bins), ctx.options.log);
      if (ctx.options.appImages !== false)
        for (const name of importAppImages(ctx.options.log)) ctx.options.log(`image ${name}`);
    },
  },
  {
    name: `node ${CLUSTER.node}: kubelet, kube-proxy, kube-router`,
    plan: () => [
      'kubelet (cgroupfs), kube-proxy (iptables), kube-router (NetworkPolicy)',
      'until the node is Ready',
    ],
    run: async (ctx) => {
      const bins = found(ctx.bins);
      writeNodeConfig();
      for (const hierarchy of sh('ls', ['/sys/fs/cgroup']).split('\n').filter(Boolean))
        if (hierarchy !== 'unified')
          mkdirSync(join('/sys/fs/cgroup', hierarchy, CLUSTER.cgroupRoot), { recursive: true });
      startDaemon(kubelet(bins.kubernetes));
      startDaemon(kubeProxy(bins.kubernetes));
      startDaemon(kubeRouter(bins.kubeRouter));
      await waitFor(
        'kube-controller-manager /healthz',
        60,
        healthy('https://127.0.0.1:10257/healthz'),
        'kube-controller-manager',
      );
      await waitFor(
        'kube-scheduler /healthz',
        60,
        healthy('https://127.0.0.1:10259/healthz'),
        'kube-scheduler',
      );
      const env = { ...process.env, KUBECONFIG: PATHS.adminKubeconfig };
      const jsonpath = 'jsonpath={.status.conditions[?(@.type=="Ready")].status}';
      const nodeReady = () =>
        sh(bins.kubectl, ['get', 'node', CLUSTER.node, '-o', jsonpath], { env }) === 'True';
      await waitFor(`node ${CLUSTER.node} Ready`, 120, nodeReady, 'kubelet');
    },
  },
  {
    name: 'guard rules (nothing of the cluster leaves the machine)',
    plan: () => ['after kube-proxy has written its rules: the guard goes back in front of them'],
    run: async () => {
      // kube-proxy puts its own jumps first in OUTPUT and FORWARD: the guard goes back in front.
      const proxied = () => sh('iptables-save', ['-t', 'nat']).includes('KUBE-SERVICES');
      await waitFor('kube-proxy rules', 60, proxied, 'kube-proxy');
      installGuard();
    },
  },
  {
    name: 'add-ons: API access, CoreDNS, policies, local-path storage, Traefik',
    plan: () => ['kubectl apply the add-ons, until their pods are ready'],
    run: async (ctx) => applyAddons(found(ctx.bins).kubectl, found(ctx.images)),
  },
];

const newContext = (options: UpOptions): UpContext => ({ options, warnings: [] });

/** Prints what `up` would do, after checking the host (changes nothing). */
export const planUp = (options: UpOptions) =>
  dryRun(UP_STEPS, newContext(options), `cluster ${CLUSTER.name}: up would`);

export async function up(options: UpOptions): Promise<Binaries> {
  const started = Date.now();
  const ctx = newContext(options);
  if (!(await runSteps(UP_STEPS, ctx)))
    throw new Error('up stopped at the step above (npm run cluster -- down removes what it started)');
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  options.log(`cluster ${CLUSTER.name} ready in ${seconds} s; KUBECONFIG=${PATHS.adminKubeconfig}`);
  return found(ctx.bins);
}

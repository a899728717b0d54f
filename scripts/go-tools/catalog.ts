/**
 * The programs built from upstream Go modules (scripts/lib/go-tools.ts builds them).
 * Versions live in each module's go.mod; the flags here are the version stamps
 * the upstream release builds set, so `--version` says what was built.
 */
import type { GoTool } from '../lib/go-tools';

const KUBERNETES_STAMP = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']
  .flatMap((pkg) =>
    ['gitVersion={version}', 'gitMajor={major}', 'gitMinor={minor}', 'gitTreeState=clean'].map(
      (v) => `-X ${pkg}.${v}`,
    ),
  )
  .join(' ');

export const GO_TOOLS = {
  kubernetes: {
    module: 'kubernetes',
    versionOf: 'k8s.io/kubernetes',
    binaries: Object.fromEntries(
      [
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kubelet',
        'kube-proxy',
        'kubeadm',
        'kubectl',
      ].map((name) => [name, `k8s.io/kubernetes/cmd/${name}`]),
    ),
    ldflags: `${KUBERNETES_STAMP} -X k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z`,
  },
  etcd: {
    module: 'etcd',
    versionOf: 'go.etcd.io/etcd/server/v3',
    binaries: { etcd: 'go.etcd.io/etcd/server/v3' },
  },
  coredns: {
    module: 'coredns',
    versionOf: 'github.com/coredns/coredns',
    binaries: { coredns: 'github.com/coredns/coredns' },
    ldflags: '-X github.com/coredns/coredns/coremain.GitCommit={version}',
  },
  'kube-router': {
    module: 'kube-router',
    versionOf: 'github.com/cloudnativelabs/kube-router/v2',
    binaries: { 'kube-router': 'github.com/cloudnativelabs/kube-router/v2/cmd/kube-router' },
    ldflags: '-X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version={version}',
  },
  'local-path-provisioner': {
    module: 'local-path-provisioner',
    versionOf: 'github.com/rancher/local-path-provisioner',
    binaries: { 'local-path-provisioner': 'github.com/rancher/local-path-provisioner' },
  },
  traefik: {
    module: 'traefik',
    versionOf: 'github.com/traefik/traefik/v3',
    binaries: { traefik: 'github.com/traefik/traefik/v3/cmd/traefik' },
    ldflags: '-X github.com/traefik/traefik/v3/pkg/version.Version={version}',
  },
  helm3: {
    module: 'helm3',
    versionOf: 'helm.sh/helm/v3',
    binaries: { helm: 'helm.sh/helm/v3/cmd/helm' },
    // As helm's Makefile: the default Kubernetes version (.Capabilities.KubeVersion, and what
    // kubeVersion is checked against) is the one of its k8s.io/client-go, v0.36 → 1.36.
    ldflags: [
      '-X helm.sh/helm/v3/internal/version.version={version}',
      ...['pkg/lint/rules', 'pkg/chartutil'].flatMap((pkg) => [
        `-X helm.sh/helm/v3/${pkg}.k8sVersionMajor=1`,
        `-X helm.sh/helm/v3/${pkg}.k8sVersionMinor=36`,
      ]),
    ].join(' '),
  },
  'chart-testing': {
    module: 'chart-testing',
    versionOf: 'github.com/helm/chart-testing/v3',
    binaries: { ct: 'github.com/helm/chart-testing/v3/ct' },
    ldflags: '-X github.com/helm/chart-testing/v3/ct/cmd.Version={version}',
  },
  'kube-score': {
    module: 'kube-score',
    versionOf: 'github.com/zegl/kube-score',
    binaries: { 'kube-score': 'github.com/zegl/kube-score/cmd/kube-score' },
    ldflags: '-X main.version={version}',
  },
  cosign: {
    module: 'cosign',
    versionOf: 'github.com/sigstore/cosign/v2',
    binaries: { cosign: 'github.com/sigstore/cosign/v2/cmd/cosign' },
    ldflags: '-X sigs.k8s.io/release-utils/version.gitVersion={version}',
  },
  syft: {
    module: 'syft',
    versionOf: 'github.com/anchore/syft',
    binaries: { syft: 'github.com/anchore/syft/cmd/syft' },
    ldflags: '-X main.version={version}',
  },
} satisfies Record<string, GoTool>;

export type GoToolName = keyof typeof GO_TOOLS;

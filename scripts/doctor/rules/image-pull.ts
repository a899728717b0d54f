/**
 * Images that cannot be pulled: a local image not loaded into minikube, `Always`
 * with a local tag, a wrong name, or a private registry that wants credentials.
 */
import { minikubeLoadCommands, registryHost, repositoryOf } from '../../lib/images';
import {
  ClusterState,
  containerStatuses,
  eventsFor,
  Finding,
  IPod,
  nameOf,
  podSpecContainer,
  Rule,
} from '../model';
import { componentOf, helmUpgrade } from '../names';

const REASONS = ['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName'];
/** What registries and runtimes say when credentials are missing or wrong. */
const CREDENTIALS_REFUSED = new RegExp(
  [
    'pull access denied',
    'unauthorized',
    'authorization failed',
    'failed to authorize',
    'authentication required',
    'no basic auth credentials',
    '403 Forbidden',
  ].join('|'),
  'i',
);
/** Docker Hub's server name for `kubectl create secret docker-registry`. */
const DOCKER_HUB = 'https://index.docker.io/v1/';
const PULL_SECRET = 'regcred';

/** The pull error that says most: a refusal of credentials first, else the latest failed pull. */
function pullError(state: ClusterState, pod: IPod, waitingMessage: string): string {
  const failedPulls = eventsFor(state, 'Pod', nameOf(pod))
    .map((e) => (e.reason === 'Failed' ? (e.message ?? '') : ''))
    .filter((m) => /Failed to pull/.test(m));
  const messages = [...failedPulls.reverse(), waitingMessage];
  return messages.find((m) => CREDENTIALS_REFUSED.test(m)) ?? messages[0];
}

function localImageFix(state: ClusterState, pod: IPod, image: string, policy: string): string[] {
  const tag = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : 'latest';
  const alwaysPulls = helmUpgrade(pod, state.namespace, `${componentOf(pod)}.image.pullPolicy=IfNotPresent`);
  return [
    ...(policy === 'Always'
      ? [`${alwaysPulls}   # Always makes the node pull a local image from Docker Hub`]
      : []),
    `${tag === 'latest' ? '' : `IMAGE_TAG=${tag} `}npm run images   # build it (docker, else podman), then load it:`,
    `minikube image load ${image}   # built with docker`,
    `${minikubeLoadCommands('podman', image, image).join(' && ')}   # built with podman (named localhost/...)`,
    `minikube image ls | grep ${repositoryOf(image)}   # check it is there`,
  ];
}

function credentialsFinding(
  state: ClusterState,
  pod: IPod,
  container: string,
  image: string,
  evidence: string[],
): Finding {
  const ns = state.namespace;
  const registry = registryHost(image);
  const attached = (pod.spec?.imagePullSecrets ?? []).map((s) => s.name ?? '');
  const name = attached[0] ?? PULL_SECRET;
  const create =
    `kubectl create secret docker-registry ${name} -n ${ns} --docker-server=${registry ?? DOCKER_HUB} ` +
    `--docker-username=<user> --docker-password=<token that may pull ${repositoryOf(image)}>`;
  const where = `${container} cannot pull ${image}: ${registry ?? 'Docker Hub'}`;
  return {
    id: 'image-pull-credentials',
    severity: 'critical',
    title: attached.length
      ? `${where} refuses the credentials in Secret ${attached.join(', ')}`
      : `${where} wants credentials and the pod has none`,
    resource: `pod/${nameOf(pod)}`,
    evidence: [...evidence, `imagePullSecrets: ${attached.length ? attached.join(', ') : 'none'}`],
    fix: attached.length
      ? [
          `kubectl delete secret ${name} -n ${ns} && ${create}   # replace the credentials`,
          `kubectl delete pod ${nameOf(pod)} -n ${ns}   # retry the pull now`,
        ]
      : [
          `${create}   # the registry credentials, in the pod's namespace`,
          `${helmUpgrade(pod, ns, `imagePullSecrets[0].name=${name}`)}   # attach it (imagePullSecrets: [{name}])`,
        ],
  };
}

export const imagePull: Rule = (state) =>
  containerStatuses(state).flatMap(({ pod, container, status }): Finding[] => {
    const waiting = status.state?.waiting;
    if (!waiting?.reason || !REASONS.includes(waiting.reason)) return [];
    const spec = podSpecContainer(pod, container);
    const image = spec?.image ?? status.image;
    const policy = spec?.imagePullPolicy ?? 'IfNotPresent';
    const message = waiting.message ?? '';
    const error = pullError(state, pod, message);
    const evidence = [
      `state: ${waiting.reason}: ${message}`.trim(),
      ...(error && error !== message ? [`event: ${error}`] : []),
      `image: ${image}, imagePullPolicy: ${policy}`,
    ];
    // A bare name (todo-backend:latest) is a local build: "access denied" means it is not on the node.
    const local = !image.includes('/');
    if (!local && CREDENTIALS_REFUSED.test(error))
      return [credentialsFinding(state, pod, container, image, evidence)];
    return [
      {
        id: 'image-pull',
        severity: 'critical',
        title: `${container} cannot get its image ${image} (${waiting.reason})`,
        resource: `pod/${nameOf(pod)}`,
        evidence,
        fix:
          local || registryHost(image) === 'localhost'
            ? localImageFix(state, pod, image, policy)
            : [`docker pull ${image}   # check the name, the tag and that the registry is reachable`],
      },
    ];
  });

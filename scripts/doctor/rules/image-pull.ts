/** Images that cannot be pulled: not loaded into minikube, `Always` with a local tag, or a wrong name. */
import { containerStatuses, Finding, podSpecContainer, Rule } from '../model';

const REASONS = ['ImagePullBackOff', 'ErrImagePull', 'ErrImageNeverPull', 'InvalidImageName'];

/** A local image (no registry host) such as todo-backend:latest. */
function isLocal(image: string): boolean {
  const first = image.split('/')[0];
  return !image.includes('/') || !(first.includes('.') || first.includes(':') || first === 'localhost');
}

export const imagePull: Rule = (state) =>
  containerStatuses(state)
    .filter(({ status }) => REASONS.includes(status.state?.waiting?.reason))
    .map(({ pod, container, status }): Finding => {
      const spec = podSpecContainer(pod, container) ?? {};
      const image: string = spec.image ?? status.image;
      const policy: string = spec.imagePullPolicy ?? 'IfNotPresent';
      const component = pod.metadata.labels?.['app.kubernetes.io/component'] ?? 'backend';
      const fix: string[] = [];
      if (isLocal(image) && policy === 'Always') {
        fix.push(
          `helm upgrade todo-app ./dist/helm/todo-app -n ${state.namespace} --reuse-values --set ${component}.image.pullPolicy=IfNotPresent   # Always makes the node pull a local image from Docker Hub`,
        );
      }
      if (isLocal(image)) {
        fix.push(
          `npm run images && minikube image load ${image}   # build it and load it into minikube`,
          `minikube image ls | grep ${image.split(':')[0]}   # check it is there`,
        );
      } else {
        fix.push(`docker pull ${image}   # check the name, tag and registry credentials (imagePullSecrets)`);
      }
      return {
        id: 'image-pull',
        severity: 'critical',
        title: `${container} cannot get its image ${image} (${status.state.waiting.reason})`,
        resource: `pod/${pod.metadata.name}`,
        evidence: [
          `state: ${status.state.waiting.reason}: ${status.state.waiting.message ?? ''}`.trim(),
          `image: ${image}, imagePullPolicy: ${policy}`,
        ],
        fix,
      };
    });

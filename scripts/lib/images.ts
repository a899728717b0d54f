/** Container image references: which registry they name, and their fully-qualified form. */

/** The registry host of a reference (ghcr.io, localhost:5000, localhost), or undefined for Docker Hub names. */
export function registryHost(image: string): string | undefined {
  const slash = image.indexOf('/');
  if (slash < 0) return undefined;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

/**
 * The name a container runtime resolves a reference to: todo-backend:latest is
 * docker.io/library/todo-backend:latest. Loading an image under this name makes
 * the node find it whatever the runtime (docker or containerd).
 */
export function qualifiedImageName(image: string): string {
  const host = registryHost(image);
  const qualified = host ? image : `docker.io/${image.includes('/') ? '' : 'library/'}${image}`;
  const lastSegment = qualified.slice(qualified.lastIndexOf('/') + 1);
  return lastSegment.includes(':') || lastSegment.includes('@') ? qualified : `${qualified}:latest`;
}

export type ContainerCli = 'docker' | 'podman';

/**
 * The commands that put a locally built image into minikube under the name the
 * chart uses. podman names its builds localhost/<name>, which `minikube image
 * load <name>` cannot find (it looks in docker): so tag with the qualified name
 * and pipe the archive in, which works with docker too.
 */
export function minikubeLoadCommands(cli: ContainerCli, built: string, chartImage: string): string[] {
  const target = qualifiedImageName(chartImage);
  return [`${cli} tag ${built} ${target}`, `${cli} save ${target} | minikube image load -`];
}

/** The repository part of a reference, without tag or digest: ghcr.io/acme/todo-backend. */
export function repositoryOf(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^:/]*$/, '');
}

/** `--registry HOST[:PORT][/PATH]` and the references a release derives from it. */
import { CHART_NAME, IMAGES } from '../../chart/metadata';
import { UsageError } from '../lib/args';

export { CHART_NAME };

export interface RegistryRef {
  /** HOST[:PORT], what `helm registry login` and `podman login` take. */
  host: string;
  /** HOST[:PORT][/PATH], the prefix of every pushed reference. */
  prefix: string;
}

const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
/** A DNS name, an IPv4 address or a bracketed IPv6 address. */
const HOST = String.raw`(?:${LABEL}(?:\.${LABEL})*|\[[0-9A-Fa-f:.]+\])`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY = new RegExp(`^(${HOST}(?::(\\d{1,5}))?)((?:/${PATH_COMPONENT})*)$`);

export function parseRegistry(input: string): RegistryRef {
  const trimmed = input.replace(/\/+$/, '');
  if (/^[a-z]+:\/\//i.test(trimmed))
    throw new UsageError(
      `--registry ${JSON.stringify(input)}: give HOST[:PORT][/PATH] without a scheme ` +
        '(use --plain-http for an HTTP registry)',
    );
  const match = REGISTRY.exec(trimmed);
  if (!match || (match[2] !== undefined && Number(match[2]) > 65535))
    throw new UsageError(
      `--registry ${JSON.stringify(input)} is not HOST[:PORT][/PATH] ` +
        '(path components: lower-case letters, digits, ".", "_" and "-"), e.g. ghcr.io/acme or 127.0.0.1:5000',
    );
  return { host: match[1], prefix: trimmed };
}

/** The chart's components and the images they run (chart/metadata.ts names them). */
export type Component = keyof typeof IMAGES;
export type ImageName = (typeof IMAGES)[Component];
export const COMPONENTS = Object.keys(IMAGES) as Component[];
export const IMAGE_NAMES: ImageName[] = COMPONENTS.map((component) => IMAGES[component]);
/** todo-backend -> backend: the chart's values key for an image. */
export const componentOf = (image: ImageName) => COMPONENTS.find((component) => IMAGES[component] === image)!;

/** What the build script tags locally (`IMAGE_TAG`), before the registry prefix is added. */
export const localImage = (name: ImageName, version: string) => `${name}:${version}`;
export const remoteImage = (registry: RegistryRef, name: ImageName, version: string) =>
  `${registry.prefix}/${name}:${version}`;
/** `helm push` appends the chart name to this. */
export const chartRepository = (registry: RegistryRef) => `oci://${registry.prefix}/charts`;
export const chartReference = (registry: RegistryRef) => `${chartRepository(registry)}/${CHART_NAME}`;

/** An image or the chart by digest, as cosign and syft take it (no oci:// scheme). */
export const imageByDigest = (registry: RegistryRef, name: ImageName, digest: string) =>
  `${registry.prefix}/${name}@${digest}`;
export const chartByDigest = (registry: RegistryRef, digest: string) =>
  `${registry.prefix}/charts/${CHART_NAME}@${digest}`;

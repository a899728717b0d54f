/** `--registry HOST[:PORT][/PATH]` and the references a release derives from it. */
import { UsageError } from '../lib/args';

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

export const IMAGE_NAMES = ['todo-backend', 'todo-frontend'] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];
export const CHART_NAME = 'todo-app';

/** What the build script tags locally (`IMAGE_TAG`), before the registry prefix is added. */
export const localImage = (name: ImageName, version: string) => `${name}:${version}`;
export const remoteImage = (registry: RegistryRef, name: ImageName, version: string) =>
  `${registry.prefix}/${name}:${version}`;
/** `helm push` appends the chart name to this. */
export const chartRepository = (registry: RegistryRef) => `oci://${registry.prefix}/charts`;
export const chartReference = (registry: RegistryRef) => `${chartRepository(registry)}/${CHART_NAME}`;

/**
 * Chart.yaml facts. The version comes from package.json, the one place a release sets it
 * (a release may override it with --version, and adds the key it is signed with).
 */
import { ChartMetadata } from 'cdk8s-helm';
import { version as packageVersion } from '../package.json';
import { changesAnnotation } from './changelog';
import { SignKey, signKeyAnnotation } from './sign-key';

export const CHART_NAME = 'todo-app';

/** The images the chart deploys by default (repository names, before any registry). */
export const IMAGES = { backend: 'todo-backend', frontend: 'todo-frontend' } as const;

/** What a release sets in Chart.yaml: the version (and appVersion), and the key it is signed with. */
export interface ChartRelease {
  version: string;
  signKey?: SignKey;
}

/** Chart.yaml for a release: its version, that version's CHANGELOG.md section, its signing key. */
export const chartMetadata = ({ version, signKey }: ChartRelease): ChartMetadata => ({
  name: CHART_NAME,
  version,
  appVersion: version,
  description:
    'Todo AI Chatbot: a Next.js chat UI and a Fastify API with an MCP server, deployed with probes, ' +
    'least privilege, default-deny networking and a persistent embedded database.',
  kubeVersion: '>=1.25.0-0',
  keywords: ['todo', 'chatbot', 'mcp', 'fastify', 'nextjs'],
  maintainers: [{ name: 'todo-app maintainers' }],
  annotations: {
    'artifacthub.io/license': 'Apache-2.0',
    ...changesAnnotation(version),
    ...signKeyAnnotation(signKey),
  },
});

/** The chart `npm run synth` writes to dist/: package.json's version, no signing key. */
export const CHART = chartMetadata({ version: packageVersion });

/** Artifact Hub's list of the images the chart runs by default, as the chart resolves them. */
export function imageAnnotations(include: (helper: string) => string): Record<string, string> {
  const images = Object.keys(IMAGES).map(
    (component) => `- name: ${component}\n  image: ${include(`${component}.image`)}\n`,
  );
  return { 'artifacthub.io/images': images.join('') };
}

/** The release the plain manifests in dist/manifests stand for. */
export const DEFAULT_RELEASE = { name: 'todo-app', namespace: 'todo-app' } as const;

/** Chart.yaml facts, shared by the chart, the labels and the plain manifests. */
export const CHART = {
  name: 'todo-app',
  version: '0.1.0',
  appVersion: '0.1.0',
  description:
    'Todo AI Chatbot: a Next.js chat UI and a Fastify API with an MCP server, deployed with probes, least privilege and default-deny networking.',
  kubeVersion: '>=1.25.0-0',
  keywords: ['todo', 'chatbot', 'mcp', 'fastify', 'nextjs'],
} as const;

/** The release the plain manifests in dist/manifests stand for. */
export const DEFAULT_RELEASE = { releaseName: 'todo-app', namespace: 'todo-app' } as const;

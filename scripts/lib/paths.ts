/** Where things are in the repository: every script and test takes these paths from here. */
import { join } from 'node:path';
import { CHART_NAME } from '../../chart/metadata';

/** The repository root (this file is scripts/lib/paths.ts). */
export const REPO_ROOT = join(__dirname, '..', '..');

/** Where `npm install` (scripts/install-tools.mjs) extracts the pinned helm and kubectl. */
export const TOOLS_BIN = join(REPO_ROOT, '.tools', 'bin');

/** The generated Helm chart, relative to the repository root (as users type it). */
export const CHART_PATH = `./dist/helm/${CHART_NAME}`;

#!/usr/bin/env node
// Installs each app under apps/ from its own lock file, so one `npm install`
// (or `npm ci`) at the root prepares the whole repository. Each app keeps its own
// dependency tree because each is built into its own container image.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPS_DIR = join(ROOT, 'apps');

/** An app is up to date when npm's own record of the tree is newer than its lock file. */
function isUpToDate(appDir) {
  const installed = join(appDir, 'node_modules', '.package-lock.json');
  return (
    existsSync(installed) &&
    statSync(installed).mtimeMs >= statSync(join(appDir, 'package-lock.json')).mtimeMs
  );
}

const apps = existsSync(APPS_DIR)
  ? readdirSync(APPS_DIR).filter((name) => existsSync(join(APPS_DIR, name, 'package-lock.json')))
  : [];
for (const name of apps) {
  const appDir = join(APPS_DIR, name);
  if (!process.env.CI && isUpToDate(appDir)) {
    console.log(`install-apps: apps/${name} is up to date`);
    continue;
  }
  console.log(`install-apps: npm ci in apps/${name}`);
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: appDir, stdio: 'inherit' });
}

/**
 * The guides and skills a user follows from a clone say only what works: the
 * skills are in the format Claude Code loads, every `npm run` script and every
 * deploy/doctor flag they use exists, helm is run through `npm run helm`, no
 * macOS-only `open`, and the files they point at are there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../scripts/lib/paths';

const SKILLS_DIR = join(REPO_ROOT, '.claude', 'skills');
const skillDirs = readdirSync(SKILLS_DIR).filter((name) => statSync(join(SKILLS_DIR, name)).isDirectory());
const DOCS = [
  'README.md',
  'docs/deployment-guide.md',
  'docs/signed-releases.md',
  'docs/ai-tools-usage.md',
  ...skillDirs.map((name) => `.claude/skills/${name}/SKILL.md`),
];
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The lines inside ``` blocks, joined across trailing backslashes. */
function codeLines(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => b.replace(/\\\n\s*/g, ' ').split('\n'));
}

/** Commands in code blocks and in `inline code`. */
function commands(markdown: string): string[] {
  const inline = [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...codeLines(markdown), ...inline].map((l) => l.replace(/^\$ /, '').trim());
}

describe('skills', () => {
  test('each is a directory with a SKILL.md, none is a loose file', () => {
    expect(skillDirs.sort()).toEqual([
      'generate-dockerfile',
      'generate-helm-chart',
      'troubleshoot-k8s-deployment',
    ]);
    expect(readdirSync(SKILLS_DIR).filter((name) => name.endsWith('.md'))).toEqual([]);
  });

  test.each(skillDirs)('%s has name and description frontmatter', (dir) => {
    const text = read(`.claude/skills/${dir}/SKILL.md`);
    const match = text.match(/^---\n([\s\S]*?)\n---\n/);
    expect(match).not.toBeNull();
    const meta = parse(match![1]);
    expect(meta.name).toBe(dir);
    expect(meta.name).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(typeof meta.description).toBe('string');
    expect(meta.description.length).toBeGreaterThan(40);
    expect(meta.description.length).toBeLessThanOrEqual(1024);
  });
});

describe.each(DOCS)('%s', (path) => {
  const text = read(path);
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts);

  test('every npm run script exists', () => {
    const used = [...text.matchAll(/npm run (?:--silent |-s )?([a-z][\w:-]*)/g)].map((m) => m[1]);
    expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  test('helm runs through npm run helm; no macOS-only open; no minikube resize by restart', () => {
    const lines = commands(text);
    // A helm command a user would run from a clone: a subcommand with a chart path or a namespace.
    const bareHelm = /^(sudo )?helm [a-z]+ .*(\.\/|dist\/| -n )|\.tools\/bin\/helm /;
    expect(lines.filter((l) => bareHelm.test(l))).toEqual([]);
    expect(lines.filter((l) => /^open |&& open /.test(l))).toEqual([]);
    expect(text).not.toMatch(/minikube stop && minikube start/);
  });

  test('the repository files it names exist', () => {
    const files = [
      ...text.matchAll(/\b((?:scripts|test\/ops|docs|docker)\/[\w./-]+\.(?:sh|ts|mjs|json|md))\b/g),
    ];
    expect(files.map((m) => m[1]).filter((f) => !existsSync(join(REPO_ROOT, f)))).toEqual([]);
  });
});

test.each(['deploy', 'doctor'])('every npm run %s flag in the guides is in its --help', (script) => {
  const help = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      join(REPO_ROOT, 'scripts', script, 'main.ts'),
      '--help',
    ],
    { encoding: 'utf8' },
  );
  expect(help.status).toBe(0);
  const flags = DOCS.flatMap((path) =>
    [...read(path).matchAll(new RegExp(`npm run ${script} -- ([^\\n#\`|;&]*)`, 'g'))].flatMap((m) =>
      m[1]
        .split(/\s+/)
        .filter((word) => /^--?[a-z]/.test(word))
        .map((word) => word.replace(/=.*/, '')),
    ),
  );
  expect(flags.length).toBeGreaterThan(0);
  const helpFlags = new Set(help.stdout.match(/--?[a-z][\w-]*/g));
  expect([...new Set(flags)].filter((flag) => !helpFlags.has(flag))).toEqual([]);
});

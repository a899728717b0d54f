/**
 * Guards on the whole output: a jest snapshot of every file `npm run synth`
 * writes (so any change to the output shows up in review), and a drift check
 * that the committed dist/ is exactly what the code synthesizes now.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { todoApp } from '../../main';
import { distFiles } from '../../scripts/synth';
import { REPO_ROOT } from './support/helm';

const files = distFiles(todoApp.defaults());

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

test.each(Object.keys(files).sort())('snapshot of dist/%s', (path) => {
  expect(files[path]).toMatchSnapshot();
});

test('committed dist/ equals a fresh synthesis (run `npm run synth` and commit dist/ if this fails)', () => {
  const distDir = join(REPO_ROOT, 'dist');
  const committed = Object.fromEntries(
    listFiles(distDir).map((path) => [relative(distDir, path), readFileSync(path, 'utf8')]),
  );
  expect(Object.keys(committed).sort()).toEqual(Object.keys(files).sort());
  for (const [path, content] of Object.entries(files))
    expect({ path, content: committed[path] }).toEqual({ path, content });
});

test('the output holds no secret material', () => {
  for (const [path, content] of Object.entries(files)) {
    expect({ path, secretObject: /^kind: Secret$/m.test(content) }).toEqual({ path, secretObject: false });
    expect({
      path,
      inlineData: /^\s*(stringData|data):/m.test(content) && !path.endsWith('README.md'),
    }).toEqual({ path, inlineData: false });
    expect({
      path,
      keyLike: /(sk-[A-Za-z0-9]{16,}|postgres(ql)?:\/\/[^<\s'"]+@|eyJ[A-Za-z0-9_-]{10,}\.)/.test(content),
    }).toEqual({ path, keyLike: false });
  }
});

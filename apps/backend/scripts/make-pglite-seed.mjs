// Build step: a freshly initialized and migrated embedded database, packed as
// dist/pglite-seed.tgz. Starting from it instead of running initdb and the migrations
// cuts a fresh start (an empty emptyDir in Kubernetes) from about 2.5 s to under 1 s.
import { PGlite } from '@electric-sql/pglite';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'pglite-seed.tgz');
const db = await PGlite.create('memory://');
const { migrate } = createRequire(import.meta.url)('../dist/db/migrations.js');
await migrate({ transaction: async (script) => void (await db.exec(`BEGIN;\n${script}\nCOMMIT;`)) });
const blob = await db.dumpDataDir('gzip');
await db.close();
writeFileSync(out, Buffer.from(await blob.arrayBuffer()));
console.log(`wrote ${out}`);

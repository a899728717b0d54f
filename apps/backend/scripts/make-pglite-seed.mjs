// Build step: a freshly initialized embedded database, packed as dist/pglite-seed.tgz.
// Starting from it instead of running initdb cuts a fresh start (an empty emptyDir in
// Kubernetes) from about 2.3 s to about 0.7 s.
import { PGlite } from '@electric-sql/pglite';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'pglite-seed.tgz');
const db = await PGlite.create('memory://');
const blob = await db.dumpDataDir('gzip');
await db.close();
writeFileSync(out, Buffer.from(await blob.arrayBuffer()));
console.log(`wrote ${out}`);

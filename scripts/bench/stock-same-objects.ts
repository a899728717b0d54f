/**
 * The baseline for `npm run bench:synth`: a stock cdk8s app that synthesizes the
 * same objects as the todo app's manifests (read from the committed
 * dist/manifests), each as a plain ApiObject, with `app.synth()`.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const manifests = readFileSync(join(__dirname, '..', '..', 'dist', 'manifests', 'todo-app.k8s.yaml'), 'utf8');
const app = new App();
const chart = new Chart(app, 'todo-app', { disableResourceNameHashes: true });
parseAllDocuments(manifests)
  .map((doc) => doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string } })
  .filter((object) => object !== null)
  .forEach((object, index) => new ApiObject(chart, `${object.kind}${index}`, object));
app.synth();

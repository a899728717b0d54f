/** Every object the synthesis renders (helm test pods included) across all value cases, with the case it came from. */
import { Manifest } from './objects';
import { todoApp } from '../../../main';
import { VALUES_CASES } from '../cases';
import { writeValuesFile } from './helm';

export interface Rendered {
  readonly caseName: string;
  readonly objects: Record<string, Manifest>[];
}

export function renderAllCases(): Rendered[] {
  return VALUES_CASES.map((valuesCase) => {
    const values = todoApp.resolveValues({
      files: [writeValuesFile(valuesCase.values ?? {})],
      sets: valuesCase.sets ?? [],
    });
    const release = { name: valuesCase.release ?? 'todo-app', namespace: 'todo-app' };
    const options = { hooks: true, apiVersions: valuesCase.apiVersions ?? [] };
    return { caseName: valuesCase.name, objects: todoApp.manifestObjects(values, release, options) };
  });
}

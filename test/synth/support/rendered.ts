/** Every object the synthesis renders across all value cases, with the case it came from. */
import { manifestsYaml } from '../../../chart/synthesize';
import { resolveValues } from '../../../chart/values-input';
import { VALUES_CASES } from '../cases';
import { parseObjects, writeValuesFile } from './helm';

export interface Rendered {
  readonly caseName: string;
  readonly objects: Record<string, any>[];
}

export function renderAllCases(): Rendered[] {
  return VALUES_CASES.map((valuesCase) => {
    const values = resolveValues({
      files: [writeValuesFile(valuesCase.values ?? {})],
      sets: valuesCase.sets ?? [],
    });
    return {
      caseName: valuesCase.name,
      objects: parseObjects(
        manifestsYaml(values, { releaseName: valuesCase.release ?? 'todo-app', namespace: 'todo-app' }),
      ),
    };
  });
}

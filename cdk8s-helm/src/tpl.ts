/**
 * Helm's `tpl` for the plain manifests, for objects given whole in the values
 * (Bitnami's `extraDeploy`): each string may hold actions that name the
 * release, and they are evaluated here as Helm evaluates them. Only actions
 * whose value the bridge knows are understood; anything else is refused with
 * what is, since the manifests would otherwise differ from `helm template`.
 */
import { builtin, Builtin, EvalContext, evaluate, Expr, include, Json, valueRef } from './expr';
import { isPlainObject } from './json';

const BUILTINS: readonly Builtin[] = [
  'Release.Name',
  'Release.Namespace',
  'Release.Service',
  'Chart.Name',
  'Chart.Version',
  'Chart.AppVersion',
];

const ACTION = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/g;

/** The expression of one action's text, e.g. `include "app.fullname" .` or `.Values.x.y`. */
function actionExpr(action: string, chartName: string): { expr: Expr; quote: boolean } | undefined {
  const [body, ...pipes] = action.split('|').map((part) => part.trim());
  if (pipes.length > 1 || (pipes.length === 1 && pipes[0] !== 'quote')) return undefined;
  const quote = pipes.length === 1;
  const helper = new RegExp(
    `^include "${chartName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.([^"]+)" (\\.|\\$)$`,
  );
  const named = helper.exec(body);
  if (named) return { expr: include(named[1]), quote };
  const name = body.replace(/^[.$]+/, '');
  if ((BUILTINS as readonly string[]).includes(name)) return { expr: builtin(name as Builtin), quote };
  if (/^\$?\.Values(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(body)) {
    return { expr: valueRef(body.replace(/^\$?\.Values\./, '').split('.')), quote };
  }
  return undefined;
}

/** One string with its actions evaluated. */
export function renderTplString(text: string, ctx: EvalContext, chartName: string, field: string): string {
  return text.replace(ACTION, (whole, _trimLeft: string, action: string) => {
    const parsed = actionExpr(action, chartName);
    if (!parsed) {
      throw new Error(
        `${field}: the plain manifests evaluate {{ .Release.* }}, {{ .Chart.* }}, {{ .Values.* }} and ` +
          `{{ include "${chartName}.<helper>" . }} (optionally | quote); ${whole} needs helm template`,
      );
    }
    const value = evaluate(parsed.expr, ctx);
    const printed = value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return parsed.quote ? JSON.stringify(printed) : printed;
  });
}

/** A value from the values with every string (keys too) evaluated as a template. */
export function renderTpl(value: Json, ctx: EvalContext, chartName: string, field: string): Json {
  if (typeof value === 'string') return renderTplString(value, ctx, chartName, field);
  if (Array.isArray(value)) return value.map((item, i) => renderTpl(item, ctx, chartName, `${field}[${i}]`));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        renderTplString(key, ctx, chartName, field),
        renderTpl(item as Json, ctx, chartName, `${field}.${key}`),
      ]),
    );
  }
  return value;
}

/**
 * Validation: JSON bodies are taken as sent (a title sent as 42 is a client mistake, not the string
 * "42"), while path and query parameters, which arrive as text, are coerced to the schema's types.
 * Failures become one clear message naming the field.
 */
import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { badRequest, HttpError } from '../errors';

function compiler(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    allErrors: false,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

export function installValidation(app: FastifyInstance): void {
  const body = compiler(false);
  const text = compiler(true);
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema));

  // PATCH .../complete and DELETE carry no body, and some clients still send `content-type: application/json`
  // with it: an empty JSON body means "no body" instead of a parse error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) =>
    (raw as string).trim() === '' ? done(null, undefined) : parseJson(request, raw as string, done),
  );
}

const plural = (n: unknown, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The field a validation error is about, and a sentence a person can act on. */
function describe(
  error: FastifySchemaValidationError,
  part: string | undefined,
): { field?: string; message: string } {
  const { keyword, params } = error as ErrorObject;
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const field =
    (keyword === 'required' && (params.missingProperty as string)) ||
    (keyword === 'additionalProperties' && (params.additionalProperty as string)) ||
    path ||
    undefined;
  const name = field ?? (part === 'body' ? 'the request body' : (part ?? 'the request'));
  if (field === 'email' && ['pattern', 'format', 'minLength'].includes(keyword))
    return { field, message: 'email must be a valid address such as name@example.com' };
  switch (keyword) {
    case 'required':
      return { field, message: `${name} is required` };
    case 'additionalProperties':
      return { field, message: `unknown field "${field}" (additional properties are not allowed)` };
    case 'type':
      return {
        field,
        message: field
          ? `${name} must be ${article(params.type as string)}`
          : `${name} must be a JSON object`,
      };
    case 'minLength':
      return {
        field,
        message:
          params.limit === 1
            ? `${name} must not be empty`
            : `${name} must be at least ${plural(params.limit, 'character')}`,
      };
    case 'maxLength':
      return { field, message: `${name} must be at most ${plural(params.limit, 'character')}` };
    case 'pattern':
      return {
        field,
        message: params.pattern === '\\S' ? `${name} must not be blank` : `${name} is not valid`,
      };
    case 'minimum':
    case 'maximum':
      return { field, message: `${name} ${error.message}` };
    case 'enum':
      return { field, message: `${name} must be one of ${(params.allowedValues as string[]).join(', ')}` };
    case 'minProperties':
      return { message: `${name} must change at least one field` };
    default:
      return { field, message: `${name} ${error.message ?? 'is not valid'}` };
  }
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** Fastify's validation error as our 400. */
export function validationError(error: {
  validation: FastifySchemaValidationError[];
  validationContext?: string;
}): HttpError {
  const { field, message } = describe(error.validation[0], error.validationContext);
  return badRequest(message, field);
}

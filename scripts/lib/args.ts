/**
 * Command-line parsing for the scripts (synth, deploy, doctor): node:util
 * parseArgs in strict mode, with its errors reworded into one short line.
 */
import { parseArgs, ParseArgsConfig } from 'node:util';

/** Bad command-line input; the message is meant for the user, the caller adds the usage. */
export class UsageError extends Error {}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

function reword(error: NodeJS.ErrnoException): string {
  const quoted = error.message.match(/'([^']+)'/)?.[1] ?? '';
  const flag = quoted.split(' ')[0].replace(/,$/, '');
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown argument ${JSON.stringify(flag)}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${JSON.stringify(flag)} (every argument is an option such as --name value)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(error.message)) return `${flag} takes no value`;
      if (/ambiguous/.test(error.message))
        return `${flag} needs a value (for a value starting with "-", write ${flag}=VALUE)`;
      return `${flag} needs a value`;
    default:
      return error.message;
  }
}

/** The option values, or a UsageError naming the offending argument. */
export function parseCommandLine<const O extends OptionsConfig>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError(reword(error as NodeJS.ErrnoException));
    throw error;
  }
}

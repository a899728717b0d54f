/**
 * Causes recognised in a container's log: the backend's configuration errors
 * (it exits 1 with a message) and an unreachable or refusing database (in a
 * crash-looping container's last run, or logged once per retry, as JSON, by a
 * running backend whose /ready answers 503).
 */
export type LogCauseKind =
  | 'jwt-secret-too-short'
  | 'jwt-secret-missing'
  | 'database-not-found'
  | 'database-refused'
  | 'database-timeout'
  | 'database-auth-failed';

export interface LogCause {
  kind: LogCauseKind;
  /** The log line it was read from, with any password masked. */
  line: string;
  /** The database host (and port), when the line names it. */
  host?: string;
  /** The database user, for authentication failures. */
  user?: string;
  /** The minimum length, for a short JWT_SECRET. */
  minLength?: number;
}

/** Masks the password of any URL in a log line, and keeps it short. */
export function redact(line: string): string {
  const masked = line.replace(/(\w+:\/\/[^:/@\s]+:)[^@\s]+@/g, '$1***@');
  return masked.length > 300 ? `${masked.slice(0, 297)}...` : masked;
}

/** host and code from a JSON (pino) line, when it is one. */
function jsonFields(line: string): { host?: string; port?: string } {
  if (!line.trimStart().startsWith('{')) return {};
  try {
    const entry = JSON.parse(line);
    const source = { ...entry.err, ...entry };
    const host = source.host ?? source.address;
    return { host: typeof host === 'string' ? host : undefined, port: source.port?.toString() };
  } catch {
    return {};
  }
}

const PATTERNS: { kind: LogCauseKind; pattern: RegExp; host?: (m: RegExpMatchArray) => string }[] = [
  { kind: 'jwt-secret-too-short', pattern: /JWT_SECRET must be at least (\d+) characters/ },
  { kind: 'jwt-secret-missing', pattern: /JWT_SECRET is required/ },
  { kind: 'database-auth-failed', pattern: /password authentication failed for user \\?"?([^"\\\s]+)/ },
  { kind: 'database-not-found', pattern: /\b(?:ENOTFOUND|EAI_AGAIN)\b(?: ([\w.-]+))?/, host: (m) => m[1] },
  { kind: 'database-refused', pattern: /\bECONNREFUSED\b(?: ([\w.:[\]-]+))?/, host: (m) => m[1] },
  {
    kind: 'database-timeout',
    pattern: /\bETIMEDOUT\b(?: ([\w.:[\]-]+))?|timeout exceeded when trying to connect/,
    host: (m) => m[1],
  },
];

/** The most telling cause in the log: configuration first, then the latest database failure. */
export function logCause(log: string | undefined): LogCause | undefined {
  if (!log) return undefined;
  const lines = log.trimEnd().split('\n').reverse();
  for (const { kind, pattern, host } of PATTERNS) {
    for (const line of lines) {
      const match = line.match(pattern);
      if (!match) continue;
      const fields = jsonFields(line);
      const fromJson = fields.host && (fields.port ? `${fields.host}:${fields.port}` : fields.host);
      return {
        kind,
        line: redact(line.trim()),
        host: fromJson || host?.(match) || undefined,
        ...(kind === 'database-auth-failed' ? { user: match[1] } : {}),
        ...(kind === 'jwt-secret-too-short' ? { minLength: Number(match[1]) } : {}),
      };
    }
  }
  return undefined;
}

/**
 * Asks the registry's API root (`GET /v2/`) whether it is there and whether it wants
 * a login, so a release stops before the image build rather than after it.
 */
export type Probe =
  | { kind: 'ok' }
  | { kind: 'login-required' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'speaks-http' }
  | { kind: 'speaks-https' }
  | { kind: 'certificate'; detail: string }
  | { kind: 'not-a-registry'; status: number };

export const probeUrl = (host: string, plainHttp: boolean) => `${plainHttp ? 'http' : 'https'}://${host}/v2/`;

interface NetworkError {
  code?: string;
  message?: string;
}

export async function probeRegistry(host: string, plainHttp: boolean, timeoutMs = 10000): Promise<Probe> {
  let response: Response;
  try {
    response = await fetch(probeUrl(host, plainHttp), { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return classifyNetworkError(error as Error & { cause?: NetworkError }, timeoutMs);
  }
  await response.body?.cancel();
  if (response.ok) return { kind: 'ok' };
  if (response.status === 401) return { kind: 'login-required' };
  // An HTTPS server answers a plain HTTP request with 400 ("Client sent an HTTP request to an HTTPS server").
  if (plainHttp && response.status === 400) return { kind: 'speaks-https' };
  return { kind: 'not-a-registry', status: response.status };
}

function classifyNetworkError(error: Error & { cause?: NetworkError }, timeoutMs: number): Probe {
  const cause = error.cause ?? {};
  const code = cause.code ?? error.name;
  const detail = `${code}${cause.message ? `: ${cause.message}` : ''}`;
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(cause.message ?? ''))
    return { kind: 'speaks-http' };
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return { kind: 'certificate', detail };
  if (code === 'TimeoutError')
    return { kind: 'unreachable', detail: `no answer within ${timeoutMs / 1000} s` };
  return { kind: 'unreachable', detail };
}

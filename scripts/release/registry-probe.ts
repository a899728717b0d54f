/**
 * Asks the registry's API root (`GET /v2/`) whether it is there and whether it wants
 * a login, so a release stops before the image build rather than after it. Node's
 * http client rather than fetch: fetch refuses some ports a registry may use (6000, 10080...).
 */
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';

export type Probe =
  | { kind: 'ok' }
  | { kind: 'login-required' }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'speaks-http' }
  | { kind: 'speaks-https' }
  | { kind: 'certificate'; detail: string }
  | { kind: 'not-a-registry'; status: number };

export const probeUrl = (host: string, plainHttp: boolean) => `${plainHttp ? 'http' : 'https'}://${host}/v2/`;

export function probeRegistry(host: string, plainHttp: boolean, timeoutMs = 10000): Promise<Probe> {
  const get = plainHttp ? httpGet : httpsGet;
  return new Promise((resolve) => {
    const request = get(probeUrl(host, plainHttp), { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(classifyStatus(response.statusCode ?? 0, plainHttp));
    });
    request.on('timeout', () => {
      request.destroy();
      resolve({ kind: 'unreachable', detail: `no answer within ${timeoutMs / 1000} s` });
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(classifyNetworkError(error)));
  });
}

function classifyStatus(status: number, plainHttp: boolean): Probe {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 401) return { kind: 'login-required' };
  // An HTTPS server answers a plain HTTP request with 400 ("Client sent an HTTP request to an HTTPS server").
  if (plainHttp && status === 400) return { kind: 'speaks-https' };
  return { kind: 'not-a-registry', status };
}

function classifyNetworkError(error: NodeJS.ErrnoException): Probe {
  const code = error.code ?? error.name;
  const detail = `${code}: ${error.message}`;
  if (code === 'EPROTO' || /wrong version number|packet length too long/i.test(error.message))
    return { kind: 'speaks-http' };
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)) return { kind: 'certificate', detail };
  return { kind: 'unreachable', detail };
}

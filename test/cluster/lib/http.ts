/**
 * fetch over node:http with the name resolved to a given address, so a request
 * carries the Ingress host (todo-app.local) while it goes to the Ingress controller:
 * fetch itself always sends the URL's own host.
 */
import http from 'node:http';

export function fetchVia(address: string): typeof fetch {
  return ((input: string | URL, init: RequestInit = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const request = http.request(
        url,
        {
          method: init.method ?? 'GET',
          headers: init.headers as Record<string, string>,
          // With autoSelectFamily, net asks for every address at once.
          lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
            options.all ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)) as never,
          signal: init.signal ?? undefined,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers))
              for (const v of Array.isArray(value) ? value : [value ?? '']) headers.append(name, v);
            resolve(new Response(Buffer.concat(chunks), { status: response.statusCode, headers }));
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(init.body as string | undefined);
    })) as typeof fetch;
}

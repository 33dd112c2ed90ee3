import createClient from 'openapi-fetch';
import { ApiError } from './api-error';
import type { paths } from './types';

/**
 * The REST API, typed from its OpenAPI document: a path, parameter or field the gateway no longer has is
 * a compile error in the console's build. Every call either returns the body or throws an ApiError.
 */
export function restClient(token: () => string | null, onUnauthorized: () => void) {
  const client = createClient<paths>({
    baseUrl: location.origin,
    // the API takes several values of a parameter comma-separated: status=open,in_progress
    querySerializer: { array: { style: 'form', explode: false } },
  });
  client.use({
    onRequest({ request }) {
      const bearer = token();
      if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
      return request;
    },
  });
  return async function call<T>(
    send: (api: typeof client) => Promise<{ data?: T; error?: unknown; response: Response }>,
  ): Promise<T> {
    let result: { data?: T; error?: unknown; response: Response };
    try {
      result = await send(client);
    } catch (cause) {
      throw ApiError.network(cause);
    }
    if (result.response.ok) return result.data as T;
    const error = ApiError.fromResponse(result.response.status, result.error);
    if (error.status === 401 && token()) onUnauthorized();
    throw error;
  };
}
export type Rest = ReturnType<typeof restClient>;

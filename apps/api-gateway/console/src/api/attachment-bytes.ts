import { ApiError } from './api-error';

/**
 * A message's file, as a Blob: fetched with the bearer token (an `<img src>` or a link could not send it),
 * so the console shows it through an object URL. Throws an ApiError like every other call.
 */
export async function attachmentBytes(token: string, ticketId: number, messageId: number): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(`${location.origin}/tickets/${ticketId}/messages/${messageId}/attachment`, {
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!response.ok) throw ApiError.fromResponse(response.status, await response.json().catch(() => null));
  try {
    return await response.blob();
  } catch (cause) {
    // the gateway aborts a download that breaks off midway: a short file is never shown as the file
    throw ApiError.network(cause);
  }
}

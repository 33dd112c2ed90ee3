import type { Response } from 'express';
import { JsonBytes } from '@app/messaging';

/**
 * Answers with a service's JSON text as it came (RpcClient.callForJson): the same body and headers as
 * returning the parsed value, without parsing it and serialising it again.
 */
export function sendJsonBytes(response: Response, json: JsonBytes): void {
  response.type('json').send(json.bytes);
}

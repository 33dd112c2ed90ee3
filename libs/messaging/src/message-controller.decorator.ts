import { Controller, UseFilters, UseInterceptors, applyDecorators } from '@nestjs/common';
import { MessageAcknowledger } from './message-acknowledger.interceptor';
import { RpcErrorFilter } from './rpc-error.filter';

/**
 * A controller of RabbitMQ handlers: messages are acked only when handled, and errors reach RPC callers
 * as `{code, message}`, and an RPC request is served only to the callers allowed for its pattern
 * (RpcCallerCheck, asked by MessageAcknowledger). Every `*.message.controller.ts` uses it instead of `@Controller()`.
 */
export function MessageController(): ClassDecorator {
  return applyDecorators(Controller(), UseInterceptors(MessageAcknowledger), UseFilters(RpcErrorFilter));
}

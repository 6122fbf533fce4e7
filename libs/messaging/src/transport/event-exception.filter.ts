import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { classifyFailure, type HandlerFailure } from '../consumer.js';

/**
 * Decides what becomes of an event whose handler (or payload pipe) threw: dead letter at once, retry, or wait for a
 * server to come back (the engine's classification, `classifyFailure`). The transport hands the decision to the
 * consumer engine, which rolls the handler's transaction back and acts on it.
 */
@Catch()
export class EventExceptionFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const failure: HandlerFailure = classifyFailure(exception);
    return throwError(() => failure);
  }
}

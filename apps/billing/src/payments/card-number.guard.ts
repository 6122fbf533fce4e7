import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { containsCardNumber } from './pan.util.js';
import { PaymentErrorCode, PaymentException } from './payment.exception.js';

/**
 * A card number anywhere in the body is refused and never echoed back: checked before the body is validated
 * (a guard runs before the pipes), so not even a validation error can quote it.
 */
@Injectable()
export class RejectCardNumbersGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    if (containsCardNumber(ctx.switchToHttp().getRequest<FastifyRequest>().body))
      throw new PaymentException(PaymentErrorCode.CardNumberRejected, undefined, 'Create a token with the payment processor (e.g. tok_visa in the simulator) and send it as `token`.');
    return true;
  }
}

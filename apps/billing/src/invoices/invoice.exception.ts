import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum InvoiceErrorCode {
  NotFound = 'invoiceNotFound',
  NotVoidable = 'invoiceNotVoidable',
  NotPayable = 'invoiceNotPayable',
  PaymentPending = 'invoicePaymentPending',
}

const MESSAGES: Record<InvoiceErrorCode, string> = {
  [InvoiceErrorCode.NotFound]: 'No invoice with this id exists in this project.',
  [InvoiceErrorCode.NotVoidable]: 'Only a draft or finalized invoice can be voided.',
  [InvoiceErrorCode.NotPayable]: 'Only a finalized invoice can be paid.',
  [InvoiceErrorCode.PaymentPending]: 'A charge of this invoice is in flight; try again when it has settled.',
};

const STATUS: Record<InvoiceErrorCode, ErrorStatus> = {
  [InvoiceErrorCode.NotFound]: 404,
  [InvoiceErrorCode.NotVoidable]: 409,
  [InvoiceErrorCode.NotPayable]: 409,
  [InvoiceErrorCode.PaymentPending]: 409,
};

export class InvoiceException extends ApiError {
  constructor(code: InvoiceErrorCode, message = MESSAGES[code]) {
    super(STATUS[code], code, message);
  }
}

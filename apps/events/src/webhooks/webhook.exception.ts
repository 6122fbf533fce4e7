import { ApiError, type ErrorStatus } from '@simline/contracts';

export enum WebhookErrorCode {
  EndpointNotFound = 'webhookEndpointNotFound',
  DeliveryNotFound = 'webhookDeliveryNotFound',
  EventNotFound = 'eventNotFound',
  InvalidUrl = 'invalidWebhookUrl',
  UnknownEventType = 'unknownEventType',
  TooManyEndpoints = 'tooManyWebhookEndpoints',
}

const ERRORS: Record<WebhookErrorCode, { status: ErrorStatus; message: string; hint?: string }> = {
  [WebhookErrorCode.EndpointNotFound]: {
    status: 404,
    message: 'No webhook endpoint with this id exists in this project.',
  },
  [WebhookErrorCode.DeliveryNotFound]: {
    status: 404,
    message: 'No delivery with this id exists for this webhook endpoint.',
  },
  [WebhookErrorCode.EventNotFound]: { status: 404, message: 'No event with this id exists in this project.' },
  [WebhookErrorCode.InvalidUrl]: { status: 422, message: 'The webhook URL is not acceptable.' },
  [WebhookErrorCode.UnknownEventType]: {
    status: 422,
    message: 'An enabled event type matches no event type.',
    hint: 'Use an event type such as subscription.activated, a wildcard such as subscription.*, or * for all.',
  },
  [WebhookErrorCode.TooManyEndpoints]: {
    status: 409,
    message: 'This project has the largest number of webhook endpoints allowed.',
    hint: 'Delete an endpoint you no longer use.',
  },
};

export class WebhookException extends ApiError {
  constructor(code: WebhookErrorCode, message = ERRORS[code].message, details?: ApiError['details']) {
    super(ERRORS[code].status, code, message, ERRORS[code].hint, details);
  }
}

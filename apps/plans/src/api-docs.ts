import type { RouteDoc } from '@simline/platform';
import { DEVICE_MODEL_ROUTE_DOCS } from './devices/device-models.docs.js';
import { PLAN_DOCUMENT_ROUTE_DOCS } from './plan-documents/plan-documents.docs.js';
import { PLAN_ROUTE_DOCS } from './plans/plans.docs.js';

/** Every partner endpoint of the plans service, for the gateway's OpenAPI document. */
export const PLANS_API_DOCS: RouteDoc[] = [...PLAN_ROUTE_DOCS, ...PLAN_DOCUMENT_ROUTE_DOCS, ...DEVICE_MODEL_ROUTE_DOCS];

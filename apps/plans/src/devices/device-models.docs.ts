import { DeviceModelSchema, listSchema, type DeviceModel } from '@simline/contracts';
import type { RouteDoc } from '@simline/platform';
import { ListDeviceModelsQuerySchema } from './device-models.controller.js';
import { DEVICE_MODEL_SEEDS, SEED_CREATED_AT } from './device-models.seed.js';

const tags = ['Device models'];
export const DEVICE_MODEL_EXAMPLE: DeviceModel = { object: 'deviceModel', createdAt: SEED_CREATED_AT.toISOString(), ...DEVICE_MODEL_SEEDS[0]! };

export const DEVICE_MODEL_ROUTE_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/projects/{project}/deviceModels',
    summary: 'List all device models',
    description: 'The device catalogue used by `POST /plans/search` (`compatibleWith`), newest first. The same for every project.',
    tags,
    query: ListDeviceModelsQuerySchema,
    responses: [
      {
        status: 200,
        description: 'Returns a list of device models.',
        schema: listSchema(DeviceModelSchema),
        example: { object: 'list', items: [DEVICE_MODEL_EXAMPLE], moreItemsAfter: null, moreItemsBefore: null },
      },
    ],
    errors: [401, 422],
  },
  {
    method: 'get',
    path: '/projects/{project}/deviceModels/{deviceModel}',
    summary: 'Retrieve a device model',
    description: 'A device model: the network providers and SIM types it supports, and the TACs (first 8 IMEI digits) that identify it.',
    tags,
    pathParams: { deviceModel: 'The unique identifier for the device model (`dmd_…`).' },
    responses: [{ status: 200, description: 'Returns the device model if it exists.', schema: DeviceModelSchema, example: DEVICE_MODEL_EXAMPLE }],
    errors: [401, 404, 422],
  },
];
